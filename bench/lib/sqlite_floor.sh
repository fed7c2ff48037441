#!/usr/bin/env bash
# The write-path floor: raw SQLite inserts through the sqlite3 CLI into a copy of reportd's
# own database (same schema, indexes and rows), with the pragmas reportd sets
# (actors/store/database.cpp) and one transaction per report, as POST /api/reports does:
# a reports row and its report_dashboards row, copied from the seeded report.
# Usage: sqlite_floor.sh REPORTD_DB WORK_DIR COUNT SOURCE_REPORT_ID  -> one JSON line.
set -euo pipefail
src=$1 work=$2 count=$3 id=$4
db="$work/floor.db"
rm -f "$db" "$db-wal" "$db-shm"
sqlite3 "$src" ".backup '$db'"
cols=$(sqlite3 "$db" "SELECT group_concat(name) FROM pragma_table_info('reports') WHERE name NOT IN ('id','uid')")
dcols=$(sqlite3 "$db" "SELECT group_concat(name) FROM pragma_table_info('report_dashboards') WHERE name <> 'report_id'")
script="$work/floor.sql"
{
  echo "PRAGMA busy_timeout=5000; PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;"
  for ((i = 0; i < count; i++)); do
    echo "BEGIN; INSERT INTO reports (uid,$cols) SELECT 'floor-$i',$cols FROM reports WHERE id=$id;"
    echo "INSERT INTO report_dashboards (report_id,$dcols) SELECT last_insert_rowid(),$dcols FROM report_dashboards WHERE report_id=$id; COMMIT;"
  done
} >"$script"
start=$(date +%s.%N)
sqlite3 "$db" <"$script" >/dev/null
end=$(date +%s.%N)
rows=$(sqlite3 "$db" "SELECT count(*) FROM reports WHERE uid LIKE 'floor-%'")
[ "$rows" -eq "$count" ] || { echo "sqlite floor: $rows of $count rows inserted" >&2; exit 1; }
awk -v n="$count" -v s="$start" -v e="$end" \
  'BEGIN { t = e - s; printf "{\"name\":\"sqlite_floor\",\"iterations\":%d,\"per_second\":%.1f,\"mean_ms\":%.4f}\n", n, n / t, 1000 * t / n }'
