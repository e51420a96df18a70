-- enqueue: ARGV[2] id, [3] imei, [4] requester, [5] payload (hex), [6] text (1 when given as text),
-- [7] codec (12|14), [8] expiry (ms, 1..604800000), [9] response timeout (ms), [10] no_reply (1|0),
-- [11] max_attempts, [12] queue limit, [13] no_queue (1|0), [14] held (1 when a live instance
-- holds the device; read only with no_queue). Idempotent by id: the same id with the same payload,
-- text flag and codec returns the stored command ('existing'); with another, 'conflict'.
-- Returns {kind = created|existing|conflict|full|invalid, command}. A no_queue command for a device
-- nobody holds is created and at once 'expired' with reason 'offline'.
local id = ARGV[2]
local c = load(id)
if c then
  if c.payload == ARGV[5] and c.text == ARGV[6] and c.codec == ARGV[7] then
    return reply('existing', c)
  end
  return reply('conflict', c)
end
local expiry = tonumber(ARGV[8])
if not expiry or expiry <= 0 or expiry > 604800000 or (ARGV[7] ~= '12' and ARGV[7] ~= '14')
    or not tonumber(ARGV[11]) or tonumber(ARGV[11]) < 1 or ARGV[5] == '' then
  return cjson.encode({kind = 'invalid'})
end
local offline = ARGV[13] == '1' and ARGV[14] ~= '1'
if not offline and redis.call('LLEN', QUEUE) >= tonumber(ARGV[12]) then
  return cjson.encode({kind = 'full'})
end
c = {id = id, imei = ARGV[3], requester = ARGV[4], payload = ARGV[5], text = ARGV[6], codec = ARGV[7],
  expire_at = tostring(NOW + expiry), response_timeout_ms = ARGV[9], no_reply = ARGV[10], max_attempts = ARGV[11],
  status = 'queued', attempt = '0', writes = '0', owner = '', lease_until = '', created_at = tostring(NOW),
  claimed_at = '', sent_at = '', finished_at = '', result = '', reason = '', late_result = '', late_at = ''}
local args = {}
for _, f in ipairs(FIELDS) do
  args[#args + 1] = f
  args[#args + 1] = c[f]
end
redis.call('HSET', key_of(id), unpack(args))
-- Ids of finished commands whose hash has lapsed leave the history a few at a time, oldest first.
for _, old in ipairs(redis.call('LRANGE', HISTORY, 0, 15)) do
  if redis.call('EXISTS', key_of(old)) == 0 then
    redis.call('LREM', HISTORY, 1, old)
  end
end
redis.call('RPUSH', HISTORY, id)
redis.call('PERSIST', HISTORY)
event(c)
if offline then
  finish(c, 'expired', 'offline')
else
  redis.call('RPUSH', QUEUE, id)
end
return reply('created', c)
