-- Registers devices: KEYS[1] the registry hash, KEYS[2] our decision stamps ({connections:registry}:at,
-- same Cluster slot); ARGV instance, freshness window (ms), then triples of imei, at (ms, Redis'
-- clock; -1 unknown) and fresh (1 or 0). Returns kind, owner and owner's stamp for each, in order.
-- A fresh registration (decided at most a window ago by Redis' own clock) overwrites, unless the
-- field holds a decision of its owner stamped after it: the newest decision wins, not the newest
-- execution. A field without a stamp of its own owner (a foreign writer's) is overwritten.
-- Anything else is a repair: it restores a missing field and never touches a field naming another
-- instance, whose name and stamp it returns so the caller can judge that owner's liveness.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local instance = ARGV[1]
local window = tonumber(ARGV[2])
local function stamp_of(imei, owner)
  local s = redis.call('HGET', KEYS[2], imei)
  if s then
    local sep = string.find(s, '|', 1, true)
    if sep and string.sub(s, sep + 1) == owner then
      return tonumber(string.sub(s, 1, sep - 1))
    end
  end
  return -1
end
local function write(imei, at)
  redis.call('HSET', KEYS[1], imei, instance)
  if at >= 0 then
    redis.call('HSET', KEYS[2], imei, at .. '|' .. instance)
  else
    redis.call('HDEL', KEYS[2], imei)
  end
end
local result = {}
local function answer(kind, owner, stamp)
  result[#result + 1] = kind
  result[#result + 1] = owner
  result[#result + 1] = tostring(stamp)
end
for i = 3, #ARGV, 3 do
  local imei = ARGV[i]
  local at = tonumber(ARGV[i + 1])
  local current = redis.call('HGET', KEYS[1], imei)
  if ARGV[i + 2] == '1' and at >= 0 and now - at <= window then
    local stamp = -1
    if current then
      stamp = stamp_of(imei, current)
    end
    if stamp > at then
      answer('superseded', current, stamp)
    else
      write(imei, at)
      answer('fresh', '', -1)
    end
  elseif not current then
    write(imei, at)
    answer('restored', '', -1)
  elseif current == instance then
    answer('present', '', -1)
  else
    answer('conflict', current, stamp_of(imei, current))
  end
end
return result
