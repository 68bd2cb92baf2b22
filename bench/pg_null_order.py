"""What SQLite's NULL order costs on PostgreSQL: ORDER BY ... LIMIT with and without a NULLS clause.

PostgreSQL serves ``ORDER BY x`` from a default B-tree index only as ``ASC NULLS LAST`` (or backwards,
``DESC NULLS FIRST``); the translator (newsledger/store/postgres.py) adds SQLite's order, NULLS FIRST
ascending and NULLS LAST descending, except to the never-NULL key columns (``NOT_NULL_KEYS``).  This
starts a throwaway cluster (newsledger/store/pgtemp.py), fills one synthetic table (ROWS numbered rows,
one in ten undated; no text) and times each query, best of 5, as a ratio to the index-served
``ORDER BY id DESC LIMIT 50`` timed in the same run (absolute times drift with machine load); the last
line times the NULLS FIRST query again after an index in that order is added.

    nice python bench/pg_null_order.py [ROWS]
"""

from __future__ import annotations

import sys
import time

QUERIES = [
    "SELECT id FROM t ORDER BY id DESC LIMIT 50",  # the anchor: what a page of articles does
    "SELECT id FROM t ORDER BY id DESC NULLS LAST LIMIT 50",  # what NOT_NULL_KEYS avoids
    "SELECT id FROM t ORDER BY published LIMIT 100",  # PostgreSQL's own NULL order
    "SELECT id FROM t ORDER BY published NULLS FIRST LIMIT 100",  # SQLite's, as quotes now asks
]


def main() -> None:
    import psycopg

    from newsledger.store import pgtemp

    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    cluster = pgtemp.start()
    try:
        with psycopg.connect(cluster.url(), autocommit=True) as con:
            con.execute("CREATE TABLE t (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, published TEXT)")
            con.execute("CREATE INDEX t_published ON t(published)")
            con.execute("INSERT INTO t (published) SELECT CASE WHEN g %% 10 = 0 THEN NULL ELSE"
                        " to_char(date '2020-01-01' + (g %% 2000), 'YYYY-MM-DD') END FROM generate_series(1, %s) g",
                        (rows,))
            con.execute("ANALYZE t")
            anchor = 0.0
            for n, q in enumerate([*QUERIES, QUERIES[-1]]):
                if n == len(QUERIES):  # the follow-up this suggests: an index in SQLite's NULL order
                    con.execute("CREATE INDEX t_published_nulls_first ON t(published NULLS FIRST)")
                    con.execute("ANALYZE t")
                plan = " ".join(str(r[0]).split("(cost")[0].strip() for r in con.execute("EXPLAIN " + q))
                best = float("inf")
                for _ in range(5):
                    t0 = time.perf_counter()
                    con.execute(q).fetchall()
                    best = min(best, time.perf_counter() - t0)
                anchor = anchor or best
                print(f"{best / anchor:8.1f}x  {best * 1000:7.2f} ms  {q}\n{'':20}{plan[:110]}")
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
