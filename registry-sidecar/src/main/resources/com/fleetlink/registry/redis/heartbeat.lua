-- Writes the heartbeat: KEYS[1] instance:heartbeat:{id}; ARGV at (ms, Redis' clock), the oldest a
-- write may be when it executes (ms: the freshness window or the TTL, whichever is shorter), ttl (s).
-- Skipped when stale, so a write that waited out a paused Redis never revives a heartbeat deleted
-- since. Otherwise sets the key to Redis' time in ms with EX ttl and reports whether a previous
-- value existed (a missing one after our first write means the key lapsed).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if now - tonumber(ARGV[1]) > tonumber(ARGV[2]) then
  return {'stale', 0}
end
local previous = redis.call('SET', KEYS[1], tostring(now), 'EX', ARGV[3], 'GET')
if previous then
  return {'written', 1}
end
return {'written', 0}
