-- Registers devices: KEYS[1] the registry hash, KEYS[2] our decision stamps ({connections:registry}:at,
-- same Cluster slot); ARGV instance, freshness window (ms), then triples of imei, at (ms, Redis'
-- clock; -1 unknown) and fresh (1 or 0). Returns, for each in order, its kind, followed by the owner
-- and the owner's stamp for the two kinds that name one (superseded, conflict).
-- A fresh registration (decided at most a window ago by Redis' own clock) overwrites, unless the
-- field holds a decision of its owner stamped after it: the newest decision wins, not the newest
-- execution. A field without a stamp of its own owner (a foreign writer's) is overwritten.
-- Anything else is a repair: it restores a missing field and never touches a field naming another
-- instance, whose name and stamp it returns so the caller can judge that owner's liveness.
-- Each redis.call costs far more than the work it does for one device, so the fields and stamps of
-- the whole batch are read with one HMGET each, decided in order on these copies (a device listed
-- twice sees its own earlier write), and written back with one HSET (and HDEL) per hash.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local instance = ARGV[1]
local window = tonumber(ARGV[2])
-- unpack() has a stack limit of a few thousand values: commands take at most this many arguments each.
local CHUNK = 1000
local function each_chunk(command, key, args, fn)
  for first = 1, #args, CHUNK do
    fn(redis.call(command, key, unpack(args, first, math.min(first + CHUNK - 1, #args))), first - 1)
  end
end
local imeis = {}
for i = 3, #ARGV, 3 do
  imeis[#imeis + 1] = ARGV[i]
end
local owners, stamps = {}, {}
each_chunk('HMGET', KEYS[1], imeis, function(values, offset)
  for j = 1, #values do owners[imeis[offset + j]] = values[j] end
end)
each_chunk('HMGET', KEYS[2], imeis, function(values, offset)
  for j = 1, #values do stamps[imeis[offset + j]] = values[j] end
end)
local function stamp_of(imei, owner)
  local s = stamps[imei]
  if s then
    local sep = string.find(s, '|', 1, true)
    if sep and string.sub(s, sep + 1) == owner then
      return tonumber(string.sub(s, 1, sep - 1))
    end
  end
  return -1
end
local written, order = {}, {}
local function write(imei, at)
  owners[imei] = instance
  stamps[imei] = at >= 0 and (at .. '|' .. instance) or false
  if not written[imei] then
    written[imei] = true
    order[#order + 1] = imei
  end
end
local result = {}
local function answer(kind, owner, stamp)
  result[#result + 1] = kind
  if owner then
    result[#result + 1] = owner
    result[#result + 1] = tostring(stamp)
  end
end
for i = 3, #ARGV, 3 do
  local imei = ARGV[i]
  local at = tonumber(ARGV[i + 1])
  local current = owners[imei]
  if ARGV[i + 2] == '1' and at >= 0 and now - at <= window then
    local stamp = -1
    if current then
      stamp = stamp_of(imei, current)
    end
    if stamp > at then
      answer('superseded', current, stamp)
    else
      write(imei, at)
      answer('fresh')
    end
  elseif not current then
    write(imei, at)
    answer('restored')
  elseif current == instance then
    answer('present')
  else
    answer('conflict', current, stamp_of(imei, current))
  end
end
local fields, stamped, unstamped = {}, {}, {}
for _, imei in ipairs(order) do
  fields[#fields + 1] = imei
  fields[#fields + 1] = instance
  if stamps[imei] then
    stamped[#stamped + 1] = imei
    stamped[#stamped + 1] = stamps[imei]
  else
    unstamped[#unstamped + 1] = imei
  end
end
local ignore = function() end
each_chunk('HSET', KEYS[1], fields, ignore)
each_chunk('HSET', KEYS[2], stamped, ignore)
each_chunk('HDEL', KEYS[2], unstamped, ignore)
return result
