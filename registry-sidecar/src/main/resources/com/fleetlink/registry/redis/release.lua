-- Releases fields: KEYS[1] the registry hash, KEYS[2] the decision stamps; ARGV instance, at (ms,
-- Redis' clock), freshness window (ms), then the IMEIs. Deletes a field and its stamp only if the
-- field names this instance (a loser never deletes a winner), and only while the decision is fresh:
-- a release that waited out a paused Redis is skipped (reconcile redoes it if it is still right).
-- Returns how many fields were deleted, or -1 when stale.
-- One HMGET reads the whole batch and one HDEL per hash deletes what names us: a redis.call costs
-- far more than the work it does for one device. A device listed twice is deleted once: HDEL
-- counts only the fields it removed.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if now - tonumber(ARGV[2]) > tonumber(ARGV[3]) then
  return -1
end
-- unpack() has a stack limit of a few thousand values: commands take at most this many arguments each.
local CHUNK = 1000
local instance = ARGV[1]
local ours, n = {}, 0
for first = 4, #ARGV, CHUNK do
  local owners = redis.call('HMGET', KEYS[1], unpack(ARGV, first, math.min(first + CHUNK - 1, #ARGV)))
  for j = 1, #owners do
    if owners[j] == instance then
      n = n + 1
      ours[n] = ARGV[first + j - 1]
    end
  end
end
local deleted = 0
for first = 1, n, CHUNK do
  local last = math.min(first + CHUNK - 1, n)
  deleted = deleted + redis.call('HDEL', KEYS[1], unpack(ours, first, last))
  redis.call('HDEL', KEYS[2], unpack(ours, first, last))
end
return deleted
