-- Registers devices: KEYS[1] the registry hash; ARGV instance, freshness window (ms), then pairs of
-- imei and at (ms, Redis' clock; -1 for a repair). Returns kind and owner for each pair, in order.
-- A fresh registration (decided at most a window ago by Redis' own clock) overwrites: the newest
-- handshake wins. Anything else is a repair: it restores a missing field and never touches a field
-- naming another instance, whose name it returns so the caller can check that owner's heartbeat.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local instance = ARGV[1]
local window = tonumber(ARGV[2])
local result = {}
for i = 3, #ARGV, 2 do
  local imei = ARGV[i]
  local at = tonumber(ARGV[i + 1])
  if at >= 0 and now - at <= window then
    redis.call('HSET', KEYS[1], imei, instance)
    result[#result + 1] = 'fresh'
    result[#result + 1] = ''
  else
    local current = redis.call('HGET', KEYS[1], imei)
    if not current then
      redis.call('HSET', KEYS[1], imei, instance)
      result[#result + 1] = 'restored'
      result[#result + 1] = ''
    elseif current == instance then
      result[#result + 1] = 'present'
      result[#result + 1] = ''
    else
      result[#result + 1] = 'conflict'
      result[#result + 1] = current
    end
  end
end
return result
