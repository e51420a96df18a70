-- cancel: ARGV[2] id, [3] attempt ('' for a caller), [4] reason ('caller', or 'policy' from the
-- sidecar). A caller cancels only a 'queued' command; the sidecar's policy cancels its own claim
-- ('dispatching', fenced by the attempt) before writing it. Never once written.
-- Returns {kind = applied|refused|final|stale|missing, command}.
local c = load(ARGV[2])
if not c then
  return cjson.encode({kind = 'missing'})
end
if TERMINAL[c.status] then
  return reply('final', c)
end
if ARGV[3] == '' then
  if c.status ~= 'queued' then
    return reply('refused', c)
  end
elseif c.attempt ~= ARGV[3] or c.status ~= 'dispatching' then
  return reply('stale', c)
end
finish(c, 'cancelled', ARGV[4])
return reply('applied', c)
