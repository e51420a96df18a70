-- The janitor's lease (design §8, for cost only): KEYS[1] the lease key; ARGV the holder asking,
-- its time to live in ms. Taken when free, renewed when the asker holds it. Returns the holder.
local holder = redis.call('GET', KEYS[1])
if not holder or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return ARGV[1]
end
return holder
