-- Registers devices: KEYS[1] the registry hash, KEYS[2] our decision stamps ({connections:registry}:at,
-- same Cluster slot); ARGV instance, freshness window (ms), then triples of imei, at (ms, Redis'
-- clock; -1 unknown) and fresh (1 or 0). Returns, for each in order, its kind, followed by the owner
-- and the owner's stamp for the two kinds that name one (superseded, conflict).
-- A fresh registration (decided at most a window ago by Redis' own clock) overwrites, unless the
-- field holds a decision of its owner stamped after it: the newest decision wins, not the newest
-- execution. A field without a stamp of its own owner (a foreign writer's) is overwritten.
-- Anything else is a repair: it restores a missing field and never touches a field naming another
-- instance, whose name and stamp it returns so the caller can judge that owner's liveness.
-- Each redis.call costs far more than the work it does for one device, so the fields of the whole
-- batch are read with one HMGET, decided in order (a device listed twice sees its own earlier
-- write), and written back with one HSET (and HDEL) per hash.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local instance = ARGV[1]
local window = tonumber(ARGV[2])
-- unpack() has a stack limit of a few thousand values: commands take at most this many arguments each.
local CHUNK = 1000
local function each_chunk(command, key, args, n, fn)
  for first = 1, n, CHUNK do
    fn(redis.call(command, key, unpack(args, first, math.min(first + CHUNK - 1, n))), first - 1)
  end
end
local imeis, count = {}, 0
for i = 3, #ARGV, 3 do
  count = count + 1
  imeis[count] = ARGV[i]
end
-- Only fields that exist go into these tables, and only their stamps are read: a batch of new
-- devices reads no stamps at all.
local owners, stamps, owned, nowned = {}, {}, {}, 0
each_chunk('HMGET', KEYS[1], imeis, count, function(values, offset)
  for j = 1, #values do
    local owner = values[j]
    if owner then
      local imei = imeis[offset + j]
      owners[imei] = owner
      nowned = nowned + 1
      owned[nowned] = imei
    end
  end
end)
each_chunk('HMGET', KEYS[2], owned, nowned, function(values, offset)
  for j = 1, #values do stamps[owned[offset + j]] = values[j] end
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
-- Devices this call wrote, with the decision time it stamped (-1: none): they name this instance now.
local wrote = {}
local fields, nfields, stamped, nstamped, unstamped, nunstamped = {}, 0, {}, 0, {}, 0
local result, nresult = {}, 0
for i = 3, #ARGV, 3 do
  local imei = ARGV[i]
  local at = tonumber(ARGV[i + 1])
  local written = wrote[imei]
  local current, stamp
  if written then
    current, stamp = instance, written
  else
    current = owners[imei]
  end
  local kind
  if ARGV[i + 2] == '1' and at >= 0 and now - at <= window then
    if current and not written then
      stamp = stamp_of(imei, current)
    end
    if current and stamp > at then
      kind = 'superseded'
    else
      kind = 'fresh'
    end
  elseif not current then
    kind = 'restored'
  elseif current == instance then
    kind = 'present'
  else
    kind = 'conflict'
    stamp = stamp_of(imei, current)
  end
  nresult = nresult + 1
  result[nresult] = kind
  if kind == 'fresh' or kind == 'restored' then
    nfields = nfields + 2
    fields[nfields - 1] = imei
    fields[nfields] = instance
    -- Only a device's first write can be unstamped (a later one is a fresh write, so stamped): the
    -- deletions go before the stamps, and a device listed twice ends with its last write, as if alone.
    if at >= 0 then
      nstamped = nstamped + 2
      stamped[nstamped - 1] = imei
      stamped[nstamped] = ARGV[i + 1] .. '|' .. instance
      wrote[imei] = at
    else
      nunstamped = nunstamped + 1
      unstamped[nunstamped] = imei
      wrote[imei] = -1
    end
  else
    if kind ~= 'present' then
      result[nresult + 1] = current
      result[nresult + 2] = tostring(stamp)
      nresult = nresult + 2
    end
  end
end
local ignore = function() end
each_chunk('HSET', KEYS[1], fields, nfields, ignore)
each_chunk('HDEL', KEYS[2], unstamped, nunstamped, ignore)
each_chunk('HSET', KEYS[2], stamped, nstamped, ignore)
return result
