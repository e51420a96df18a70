-- claim: ARGV[2] owner (instance id), [3] lease (ms). Takes the head of the device's queue: queued
-- commands past their expiry on the way finish ('expired'); one command of a device is in progress
-- at a time. The claimed command becomes 'dispatching' with attempt + 1, the owner and a lease.
-- Returns {kind = claimed|busy|empty, command (the claimed one, or the one in progress), expired (ids)}.
local expired = {}
local current = redis.call('GET', ACTIVE)
if current then
  local a = load(current)
  if a and in_progress(a) then
    return cjson.encode({kind = 'busy', command = a, expired = expired})
  end
  redis.call('DEL', ACTIVE)
end
while true do
  local id = redis.call('LINDEX', QUEUE, 0)
  if not id then
    return cjson.encode({kind = 'empty', expired = expired})
  end
  local c = load(id)
  if not c or c.status ~= 'queued' then
    redis.call('LPOP', QUEUE)
  elseif due(c) then
    expire(c)
    expired[#expired + 1] = id
  else
    redis.call('LPOP', QUEUE)
    redis.call('SET', ACTIVE, id)
    update(c, {status = 'dispatching', attempt = tonumber(c.attempt) + 1, owner = ARGV[2],
      lease_until = NOW + tonumber(ARGV[3]), claimed_at = NOW, reason = ''})
    event(c)
    return cjson.encode({kind = 'claimed', command = c, expired = expired})
  end
end
