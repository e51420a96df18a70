-- sweep (expire-or-lapse) of one device: queued commands past their expiry finish ('expired');
-- a claim whose lease has passed goes back to the queue when retries allow (a 'dispatching' one
-- counts as written: its holder may have written it), else 'unknown' (reason lease_lapsed); dangling
-- ids are dropped. Returns {kind = 'swept', finished (ids), queued ({id, expire_at} in order),
-- active ({id, lease_until} or absent)} so the caller can repair the global indexes.
local finished = {}
for _, id in ipairs(redis.call('LRANGE', QUEUE, 0, -1)) do
  local c = load(id)
  if not c or c.status ~= 'queued' then
    redis.call('LREM', QUEUE, 0, id)
  elseif due(c) then
    expire(c)
    finished[#finished + 1] = id
  end
end
local current = redis.call('GET', ACTIVE)
if current then
  local c = load(current)
  if not c or not in_progress(c) then
    redis.call('DEL', ACTIVE)
  elseif tonumber(c.lease_until) <= NOW then
    retry_or_finish(c, true, 'lease_lapsed')
    if TERMINAL[c.status] then
      finished[#finished + 1] = c.id
    end
  end
end
local queued = {}
for _, id in ipairs(redis.call('LRANGE', QUEUE, 0, -1)) do
  queued[#queued + 1] = {id, redis.call('HGET', key_of(id), 'expire_at')}
end
local active
current = redis.call('GET', ACTIVE)
if current then
  active = {current, redis.call('HGET', key_of(current), 'lease_until')}
end
return cjson.encode({kind = 'swept', finished = finished, queued = queued, active = active})
