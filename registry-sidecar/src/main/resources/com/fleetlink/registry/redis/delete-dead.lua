-- The janitor's delete (design §8): KEYS[1] the registry hash, KEYS[2] the decision stamps, KEYS[3]
-- (standalone Redis only) the dead owner's heartbeat key; ARGV the dead owner, then the IMEIs.
-- Nothing is deleted when the heartbeat key exists again. A field goes only if it still names the
-- dead owner (a device taken over meanwhile keeps its new owner), with its stamp. Returns 'alive',
-- or 'dead' followed by the IMEIs deleted.
if KEYS[3] and redis.call('EXISTS', KEYS[3]) == 1 then
  return {'alive'}
end
local reply = {'dead'}
for i = 2, #ARGV do
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[1] then
    redis.call('HDEL', KEYS[1], ARGV[i])
    redis.call('HDEL', KEYS[2], ARGV[i])
    reply[#reply + 1] = ARGV[i]
  end
end
return reply
