-- outbox-ack: KEYS[1] a device's outbox; ARGV the entries just added to fleetlink:cmd:events, in
-- order. Removes them from the head only while the head is the next of them, so entries a
-- concurrent drainer already removed, or appended since, are never lost. Returns how many went.
local removed = 0
for i = 1, #ARGV do
  if redis.call('LINDEX', KEYS[1], 0) ~= ARGV[i] then
    break
  end
  redis.call('LPOP', KEYS[1])
  removed = removed + 1
end
return removed
