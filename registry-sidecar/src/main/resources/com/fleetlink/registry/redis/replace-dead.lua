-- Takes over a field from an owner found dead: KEYS[1] the registry hash; ARGV imei, instance,
-- the dead owner. Only if the field still names that owner (compare-and-set), so a fresh
-- registration by anyone that landed since the liveness check is never overwritten.
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[3] then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  return 1
end
return 0
