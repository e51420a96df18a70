-- complete: ARGV[2] id, [3] attempt, [4] status (responded|sent_no_reply|unknown|rejected_imei),
-- [5] result (the reply text, or ''), [6] reason (or ''). Fenced by the attempt: an outcome of an
-- older claim, or of a command no longer in progress, changes nothing and returns 'stale'. Each of
-- these statuses means the command was written, so one still 'dispatching' counts a write.
-- Returns {kind = applied|stale|missing, command}.
local OUTCOMES = {responded = true, sent_no_reply = true, unknown = true, rejected_imei = true}
if not OUTCOMES[ARGV[4]] then
  return redis.error_reply('ERR complete: status must be responded, sent_no_reply, unknown or rejected_imei')
end
local c = load(ARGV[2])
if not c then
  return cjson.encode({kind = 'missing'})
end
if c.attempt ~= ARGV[3] or not in_progress(c) then
  return reply('stale', c)
end
if c.status == 'dispatching' then
  update(c, {writes = tonumber(c.writes) + 1})
end
finish(c, ARGV[4], ARGV[6], ARGV[5])
return reply('applied', c)
