-- Takes over a field from an owner found dead: KEYS[1] the registry hash, KEYS[2] the decision
-- stamps; ARGV imei, instance, the dead owner, the owner's stamp as seen when it was judged (-1 for
-- none), at (ms, -1 unknown). Only if the field still names that owner with that same stamp
-- (compare-and-set), so a registration by anyone since the judgement, the presumed-dead owner's
-- own included, is never overwritten. The liveness check itself is a separate read (the heartbeat
-- key lives in another Cluster slot).
local imei = ARGV[1]
if redis.call('HGET', KEYS[1], imei) ~= ARGV[3] then
  return 0
end
local stamp = -1
local s = redis.call('HGET', KEYS[2], imei)
if s then
  local sep = string.find(s, '|', 1, true)
  if sep and string.sub(s, sep + 1) == ARGV[3] then
    stamp = tonumber(string.sub(s, 1, sep - 1))
  end
end
if ARGV[4] ~= '*' and stamp ~= tonumber(ARGV[4]) then
  return 0
end
redis.call('HSET', KEYS[1], imei, ARGV[2])
if tonumber(ARGV[5]) >= 0 then
  redis.call('HSET', KEYS[2], imei, ARGV[5] .. '|' .. ARGV[2])
else
  redis.call('HDEL', KEYS[2], imei)
end
return 1
