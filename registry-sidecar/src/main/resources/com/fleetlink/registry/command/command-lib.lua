-- Shared head of every command script but outbox-ack (the loader puts it before the script's own
-- text). KEYS[1] queue, KEYS[2] active, KEYS[3] history, KEYS[4] outbox of one device: every key,
-- and each command's hash (BASE .. 'c:' .. id, built here), carries the device's {<imei>} hash
-- tag, so a script touches one Cluster slot. ARGV[1] is always the retention (ms) of finished
-- commands. Times are Redis' own (TIME), in ms since the epoch, so callers' clocks never matter.
local QUEUE, ACTIVE, HISTORY, OUTBOX = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local BASE = string.sub(QUEUE, 1, #QUEUE - #'queue')
local RETENTION = tonumber(ARGV[1])
local clock = redis.call('TIME')
local NOW = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local FIELDS = {'id', 'imei', 'requester', 'payload', 'text', 'codec', 'expire_at', 'response_timeout_ms',
  'no_reply', 'max_attempts', 'status', 'attempt', 'writes', 'owner', 'lease_until', 'created_at',
  'claimed_at', 'sent_at', 'finished_at', 'result', 'reason', 'late_result', 'late_at'}
local TERMINAL = {responded = true, sent_no_reply = true, unknown = true, expired = true,
  rejected_imei = true, cancelled = true}

local function key_of(id)
  return BASE .. 'c:' .. id
end

-- The command as a table of strings (absent fields are ''), or nil when its hash is gone.
local function load(id)
  local values = redis.call('HMGET', key_of(id), unpack(FIELDS))
  if not values[1] then
    return nil
  end
  local c = {}
  for i, f in ipairs(FIELDS) do
    c[f] = values[i] or ''
  end
  return c
end

local function update(c, changes)
  local args = {}
  for f, v in pairs(changes) do
    c[f] = tostring(v)
    args[#args + 1] = f
    args[#args + 1] = c[f]
  end
  redis.call('HSET', key_of(c.id), unpack(args))
end

-- One stream entry, appended in the same atomic step as what it reports; the caller moves the
-- outbox to fleetlink:cmd:events afterwards. Field-value pairs in order, as XADD takes them.
local function entry(c, status, result, reason)
  local e = {'v', '1', 'id', c.id, 'imei', c.imei, 'status', status, 'attempt', c.attempt,
    'time', tostring(NOW), 'owner', c.owner, 'requester', c.requester}
  if result ~= '' then
    e[#e + 1] = 'result'
    e[#e + 1] = result
  end
  if reason ~= '' then
    e[#e + 1] = 'reason'
    e[#e + 1] = reason
  end
  redis.call('RPUSH', OUTBOX, cjson.encode(e))
end

-- The entry of a state change: one per change.
local function event(c)
  entry(c, c.status, c.result, c.reason)
end

local function finish(c, status, reason, result)
  update(c, {status = status, reason = reason, result = result or c.result, finished_at = NOW, lease_until = ''})
  redis.call('PEXPIRE', key_of(c.id), RETENTION)
  redis.call('LREM', QUEUE, 0, c.id)
  if redis.call('GET', ACTIVE) == c.id then
    redis.call('DEL', ACTIVE)
  end
  -- The history outlives its last unfinished command by the retention, then goes with the hashes.
  if redis.call('LLEN', QUEUE) == 0 and redis.call('EXISTS', ACTIVE) == 0 then
    redis.call('PEXPIRE', HISTORY, RETENTION)
  end
  event(c)
end

-- Past its expiry: never written is 'expired'; a retry that was written before is 'unknown'.
local function expire(c)
  finish(c, tonumber(c.writes) > 0 and 'unknown' or 'expired', 'expiry')
end

local function due(c)
  return tonumber(c.expire_at) <= NOW
end

-- A claim that ends without an outcome: back to the head of the queue while it was never written
-- or its writes stay below max_attempts (and it has not expired); otherwise final.
local function retry_or_finish(c, written, reason)
  if written and c.status == 'dispatching' then
    update(c, {writes = tonumber(c.writes) + 1})
  end
  if due(c) then
    expire(c)
  elseif tonumber(c.writes) < tonumber(c.max_attempts) then
    update(c, {status = 'queued', lease_until = '', reason = reason})
    redis.call('DEL', ACTIVE)
    redis.call('LPUSH', QUEUE, c.id)
    event(c)
  else
    finish(c, 'unknown', reason)
  end
end

local function in_progress(c)
  return c.status == 'dispatching' or c.status == 'sent'
end

local function reply(kind, c)
  return cjson.encode({kind = kind, command = c})
end
