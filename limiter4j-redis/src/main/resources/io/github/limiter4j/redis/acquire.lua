-- limiter4j: one call decides a whole request. Keys are in the layout of the Python `limits`
-- library, so that a service using it on the same server sees the same counters:
--   fixed window:            KEY          an integer counter, expiring when the window ends
--   moving window:           KEY          a list of hit times in seconds, newest first
--   sliding window counter:  {KEY}        the current bucket's counter
--                            {KEY}/-1     the previous bucket's counter
-- Time is in milliseconds; windows include their last millisecond, so a window that ends at E
-- expires (PEXPIREAT) at E + 1. Deadlines are read with PEXPIRETIME and compared with `now`, so
-- the logic also holds when the caller supplies the time (tests with a manual clock).
--
-- ARGV: strategy (f|m|s), now (ms, or empty for the server's clock), operation (a = acquire,
-- t = test, s = stats, u = undo an acquire made at `now`), n, then for each group: amount,
-- window, take, need.
-- KEYS: one per group (two for the sliding window counter: current, previous).
-- Returns: {allowed, now, then for each group: breached, used, reset}, as decimal strings.
-- Counts are compared as decimal strings, exactly, since Lua numbers are doubles and amounts
-- may be as large as a 64-bit integer.

local strategy = ARGV[1]
local now
if ARGV[2] == '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
else
  now = tonumber(ARGV[2])
end
local operation = ARGV[3]
local n = tonumber(ARGV[4])

-- Largest deadline handed to Redis (about 146 million years from the epoch).
local LATEST = 4611686018427387904

local function int(x)
  return string.format('%.0f', math.min(x, LATEST))
end

-- Non-negative integers as decimal strings.
local function digits(x)
  if type(x) == 'number' then
    x = string.format('%.0f', x)
  end
  x = string.gsub(x, '^0+', '')
  if x == '' then
    return '0'
  end
  return x
end

-- Below 10^15 a double holds every integer exactly, so short numbers are added as numbers.
local function add(a, b)
  a, b = digits(a), digits(b)
  if #a < 16 and #b < 16 then
    return string.format('%.0f', tonumber(a) + tonumber(b))
  end
  local out, carry, i, j = {}, 0, #a, #b
  while i > 0 or j > 0 or carry > 0 do
    local d = carry
    if i > 0 then
      d = d + string.byte(a, i) - 48
    end
    if j > 0 then
      d = d + string.byte(b, j) - 48
    end
    out[#out + 1] = string.char(48 + d % 10)
    carry = math.floor(d / 10)
    i, j = i - 1, j - 1
  end
  return digits(string.reverse(table.concat(out)))
end

local function at_most(a, b)
  a, b = digits(a), digits(b)
  if #a ~= #b then
    return #a < #b
  end
  return a <= b
end

local function deadline(key)
  local d = redis.call('PEXPIRETIME', key)
  if d == -1 then
    -- A key without expiry (not written by a limiter): treat it as ending one window from now.
    return nil
  end
  return d
end

-- Fixed window: count and end.
local function fixed_state(key, window)
  local d = deadline(key)
  if d == nil then
    d = now + window + 1
  end
  if d <= now then
    return '0', nil
  end
  return redis.call('GET', key) or '0', d
end

-- Moving window: hits of the last window and the oldest of them.
local function hit_ms(entry)
  return math.floor(tonumber(entry) * 1000 + 0.5)
end

local function moving_state(key, amount, window)
  local high = math.min(redis.call('LLEN', key), tonumber(amount)) - 1
  local low, found, oldest = 0, -1, nil
  local since = now - window
  while low <= high do
    local mid = math.floor((low + high) / 2)
    local value = redis.call('LINDEX', key, mid)
    if value and hit_ms(value) >= since then
      found, oldest = mid, hit_ms(value)
      low = mid + 1
    else
      high = mid - 1
    end
  end
  return found + 1, oldest
end

-- Sliding window counter. A bucket's key expires one window after the bucket ends, so its
-- deadline tells where the bucket ends, whoever wrote it: limiter4j starts buckets on multiples
-- of the window, `limits` at a key's first hit and each following bucket where the last ended.

-- Rolls the current bucket into the previous one when it has ended; returns when the bucket that
-- a new current key would count ends.
local function sliding_roll(current, previous, window)
  local d = redis.call('PEXPIRETIME', current)
  if d > 0 and d - now <= window then
    if d > now then
      redis.call('RENAME', current, previous)
      -- The next bucket follows the one that ended, as in `limits`.
      return d
    end
    redis.call('DEL', current)
  end
  local pd = redis.call('PEXPIRETIME', previous)
  if pd > now then
    return pd
  end
  return (math.floor(now / window) + 1) * window
end

-- Without writing: a current bucket that has ended counts as the previous one. Returns the
-- current count, the previous count and the time until the current bucket ends.
local function sliding_state(current, previous, window)
  local count, previous_count, until_end = '0', 0, window - (now % window)
  local d = redis.call('PEXPIRETIME', current)
  local pd = redis.call('PEXPIRETIME', previous)
  if d > now and d - now <= window then
    previous_count = tonumber(redis.call('GET', current)) or 0
    until_end = d - now
  else
    if pd > now then
      previous_count = tonumber(redis.call('GET', previous)) or 0
      until_end = pd - now
    end
    if d > now then
      count = redis.call('GET', current) or '0'
      -- From the current key's own deadline, not the epoch: `limits` need not align buckets.
      until_end = math.min(window, d - window - now)
    end
  end
  return count, previous_count, until_end
end

local function sliding_reset(count, previous_count, until_end, window)
  if digits(count) == '0' and previous_count == 0 then
    return now
  end
  local until_reset = until_end
  local weighted = math.floor(previous_count * until_end / window)
  if weighted > 0 then
    local last_at_same_floor = math.ceil(weighted * window / previous_count)
    until_reset = math.min(until_reset, until_end - last_at_same_floor + 1)
  end
  return now + until_reset
end

local amounts, windows, takes, needs = {}, {}, {}, {}
local used, resets = {}, {}
local allowed = 1
local breached = {}

local function measure(g)
  local window = windows[g]
  if strategy == 'f' then
    local count, d = fixed_state(KEYS[g], window)
    used[g] = digits(count)
    resets[g] = d and (d - 1) or now
  elseif strategy == 'm' then
    local count, oldest = moving_state(KEYS[g], amounts[g], window)
    used[g] = digits(count)
    -- Without a hit inside the window, a whole window from now, as limits reports it.
    resets[g] = oldest and (oldest + window) or (now + window)
  else
    local current, previous = KEYS[2 * g - 1], KEYS[2 * g]
    local count, previous_count, until_end = sliding_state(current, previous, window)
    used[g] = add(count, math.floor(previous_count * until_end / window))
    resets[g] = sliding_reset(count, previous_count, until_end, window)
  end
end

for g = 1, n do
  local base = 4 + (g - 1) * 4
  amounts[g] = ARGV[base + 1]
  windows[g] = tonumber(ARGV[base + 2])
  takes[g] = ARGV[base + 3]
  needs[g] = ARGV[base + 4]
end

if operation == 'u' then
  -- Gives back what an acquire at `now` took (a cluster batch refused on another node).
  for g = 1, n do
    local take = takes[g]
    if digits(take) ~= '0' then
      if strategy == 'f' then
        local d = redis.call('PEXPIRETIME', KEYS[g])
        if d > now then
          local left = redis.call('DECRBY', KEYS[g], take)
          -- A window this acquire started and no one else counted in: remove it, so that the
          -- refused batch leaves the key as it was (without a current window).
          if left == 0 and d == tonumber(int(now + windows[g] + 1)) then
            redis.call('DEL', KEYS[g])
          end
        end
      elseif strategy == 'm' then
        redis.call('LREM', KEYS[g], tonumber(take), string.format('%.3f', now / 1000))
      else
        local current, previous = KEYS[2 * g - 1], KEYS[2 * g]
        local key = redis.call('EXISTS', current) == 1 and current or previous
        if redis.call('EXISTS', key) == 1 then
          redis.call('DECRBY', key, take)
        end
      end
    end
  end
end

for g = 1, n do
  measure(g)
  breached[g] = operation ~= 'u' and not at_most(add(used[g], needs[g]), amounts[g])
  if breached[g] then
    allowed = 0
  end
end

if allowed == 1 and operation == 'a' then
  for g = 1, n do
    local take = takes[g]
    if digits(take) ~= '0' then
      local window = windows[g]
      if strategy == 'f' then
        local key = KEYS[g]
        -- The state after the write follows from the one measured before it.
        if used[g] == '0' then
          redis.call('SET', key, take, 'PXAT', int(now + window + 1))
          resets[g] = now + window
        else
          redis.call('INCRBY', key, take)
        end
        used[g] = add(used[g], take)
      elseif strategy == 'm' then
        local key = KEYS[g]
        local stamp = string.format('%.3f', now / 1000)
        local left = tonumber(take)
        while left > 0 do
          local chunk = {}
          for i = 1, math.min(left, 5000) do
            chunk[i] = stamp
          end
          redis.call('LPUSH', key, unpack(chunk))
          left = left - #chunk
        end
        redis.call('LTRIM', key, 0, int(math.min(tonumber(amounts[g]), LATEST) - 1))
        redis.call('PEXPIREAT', key, int(now + window + 1))
      else
        local current = KEYS[2 * g - 1]
        local bucket_end = sliding_roll(current, KEYS[2 * g], window)
        if redis.call('PEXPIRETIME', current) > now then
          redis.call('INCRBY', current, take)
        else
          redis.call('SET', current, take, 'PXAT', int(bucket_end + window))
        end
      end
      if strategy ~= 'f' then
        measure(g)
      end
    end
  end
end

local result = {tostring(allowed), int(now)}
for g = 1, n do
  result[#result + 1] = breached[g] and '1' or '0'
  result[#result + 1] = used[g]
  result[#result + 1] = int(math.max(now, resets[g]))
end
return result
