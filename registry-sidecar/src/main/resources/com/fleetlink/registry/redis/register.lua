-- Registers a device: KEYS[1] the registry hash; ARGV imei, instance, at (ms, Redis' clock; -1 for a
-- repair), freshness window (ms).
-- A fresh registration (decided at most a window ago by Redis' own clock) overwrites: the newest
-- handshake wins. Anything else is a repair: it restores a missing field and never touches a field
-- naming another instance, whose name it returns so the caller can check that owner's heartbeat.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local at = tonumber(ARGV[3])
if at >= 0 and now - at <= tonumber(ARGV[4]) then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  return {'fresh', ''}
end
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  return {'restored', ''}
end
if current == ARGV[2] then
  return {'present', ''}
end
return {'conflict', current}
