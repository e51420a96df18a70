-- requeue: ARGV[2] id, [3] attempt, [4] written (1 when the device may have received it in this
-- attempt), [5] reason. Fenced by the attempt. Back to the head of the queue when never written, or
-- while writes < max_attempts; past its expiry it finishes 'expired' (never written) or 'unknown';
-- with no attempt left, 'unknown'. Returns {kind = applied|stale|missing, command}.
local c = load(ARGV[2])
if not c then
  return cjson.encode({kind = 'missing'})
end
if c.attempt ~= ARGV[3] or not in_progress(c) then
  return reply('stale', c)
end
retry_or_finish(c, ARGV[4] == '1', ARGV[5])
return reply('applied', c)
