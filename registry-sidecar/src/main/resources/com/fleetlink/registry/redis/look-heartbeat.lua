-- One look at an instance's heartbeat: KEYS[1] instance:heartbeat:{id}. Returns whether the key
-- exists and Redis' TIME in ms, read in the same atomic step (design §8: a look and its time).
local t = redis.call('TIME')
return {redis.call('EXISTS', KEYS[1]), tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)}
