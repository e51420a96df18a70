-- late: ARGV[2] id, [3] attempt, [4] the reply text. A reply that came after its command's response
-- timeout: the command already went on without it (requeued, or final), so its status stays as it
-- is; the reply is kept beside it in late_result and late_at, and the stream gets an entry of the
-- extra kind 'late_reply' (not a status) carrying it. Fenced by the attempt: the late reply of an
-- older attempt changes nothing and returns 'stale'. Returns {kind = applied|stale|missing, command}.
local c = load(ARGV[2])
if not c then
  return cjson.encode({kind = 'missing'})
end
if c.attempt ~= ARGV[3] then
  return reply('stale', c)
end
update(c, {late_result = ARGV[4], late_at = NOW})
entry(c, 'late_reply', ARGV[4], '')
return reply('applied', c)
