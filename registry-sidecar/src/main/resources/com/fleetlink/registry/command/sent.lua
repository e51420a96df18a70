-- sent: ARGV[2] id, [3] attempt, [4] new lease (ms; covers the response timeout). Fenced by the
-- attempt: only the current claim's 'dispatching' command becomes 'sent' (writes + 1).
-- Returns {kind = applied|stale|missing, command}.
local c = load(ARGV[2])
if not c then
  return cjson.encode({kind = 'missing'})
end
if c.attempt ~= ARGV[3] or c.status ~= 'dispatching' then
  return reply('stale', c)
end
update(c, {status = 'sent', writes = tonumber(c.writes) + 1, sent_at = NOW, lease_until = NOW + tonumber(ARGV[4])})
event(c)
return reply('applied', c)
