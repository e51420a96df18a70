-- Deletes the heartbeat at shutdown: KEYS[1] instance:heartbeat:{id}; ARGV at, freshness window.
-- Skipped when stale, like every other write.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if now - tonumber(ARGV[1]) > tonumber(ARGV[2]) then
  return -1
end
return redis.call('DEL', KEYS[1])
