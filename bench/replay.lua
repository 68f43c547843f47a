-- sysbench script: replays the exact SQL of one approval (bench/run captures
-- it with approval_sql.py into the file named by RF_REPLAY_SQL, one
-- hex-encoded statement per line) as one transaction per event, committed,
-- on a copy of the review schema. Plain INSERTs become REPLACE so that the
-- same rows can be written again; everything else runs as captured.
local statements = {}

local function unhex(line)
  return (line:gsub("%x%x", function(byte) return string.char(tonumber(byte, 16)) end))
end

function thread_init()
  drv = sysbench.sql.driver()
  con = drv:connect()
  for line in io.lines(os.getenv("RF_REPLAY_SQL")) do
    local sql = unhex(line)
    local upper = sql:upper()
    if upper:find("^%s*INSERT%s+INTO") and not upper:find("ON DUPLICATE KEY") then
      sql = sql:gsub("^%s*[Ii][Nn][Ss][Ee][Rr][Tt]", "REPLACE", 1)
    end
    table.insert(statements, sql)
  end
end

function event()
  con:query("START TRANSACTION")
  for _, sql in ipairs(statements) do
    con:query(sql)
  end
  con:query("COMMIT")
end

function thread_done()
  con:disconnect()
end
