-- Releases fields: KEYS[1] the registry hash, KEYS[2] the decision stamps; ARGV instance, at (ms,
-- Redis' clock), freshness window (ms), then the IMEIs. Deletes a field and its stamp only if the
-- field names this instance (a loser never deletes a winner), and only while the decision is fresh:
-- a release that waited out a paused Redis is skipped (reconcile redoes it if it is still right).
-- Returns how many fields were deleted, or -1 when stale.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if now - tonumber(ARGV[2]) > tonumber(ARGV[3]) then
  return -1
end
local deleted = 0
for i = 4, #ARGV do
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[1] then
    deleted = deleted + redis.call('HDEL', KEYS[1], ARGV[i])
    redis.call('HDEL', KEYS[2], ARGV[i])
  end
end
return deleted
