// The app's own model functions on a scratch database, with a switch: while explaining, every statement
// they send to the app's pool runs as `EXPLAIN (options) <statement>` and returns no rows. The bench
// scripts print those plans and time the same calls for real. For measurements, not tests.
import pg from "pg";

export type ModelCall = () => Promise<unknown>;

export async function modelExplainer(databaseUrl: string) {
  process.env.DATABASE_URL = databaseUrl; // read when the app's pool module is first imported
  const { queryRows, POOL_SINGLETON } = await import("~/db.server");
  const { existingSingleton } = await import("~/db/singleton.server");
  await queryRows`SELECT 1`;
  const pool = existingSingleton<pg.Pool>(POOL_SINGLETON)!;
  const query = pool.query.bind(pool) as (text: string, values: unknown[]) => Promise<pg.QueryResult>;
  const patchable = pool as unknown as { query: unknown };

  /** The statements `run` sends to the pool (text and values), captured instead of run. */
  async function statementsOf(run: ModelCall): Promise<{ text: string; values: unknown[] }[]> {
    const statements: { text: string; values: unknown[] }[] = [];
    patchable.query = async (statement: string | { text: string; values: unknown[] }, values: unknown[]) => {
      statements.push(typeof statement === "string" ? { text: statement, values } : { text: statement.text, values: statement.values });
      return { rows: [], rowCount: 0 };
    };
    try {
      await run();
    } finally {
      patchable.query = query;
    }
    return statements;
  }

  return {
    /** The plan of each statement `run` sends, as EXPLAIN prints it (one string per statement). */
    async explain(run: ModelCall, options = "ANALYZE, BUFFERS"): Promise<string[]> {
      const plans: string[] = [];
      // queryRows sends `{ name, text, values }` (a prepared statement); EXPLAIN runs unnamed.
      patchable.query = async (statement: string | { text: string; values: unknown[] }, values: unknown[]) => {
        const { text, values: parameters } = typeof statement === "string" ? { text: statement, values } : statement;
        const result = await query(`EXPLAIN (${options}) ${text}`, parameters);
        plans.push(result.rows.map((row: Record<string, string>) => row["QUERY PLAN"]).join("\n"));
        return { ...result, rows: [] };
      };
      try {
        await run();
      } finally {
        patchable.query = query;
      }
      return plans;
    },
    /**
     * The plans PostgreSQL really runs for the statements of `run` on the app's connections (a named
     * statement with `plan_cache_mode = force_generic_plan`, or `auto` for `queryRowsPlannedEachTime`'s),
     * after five executions: auto_explain reports each execution's plan, with its row counts, as a notice.
     */
    async explainAsRun(run: ModelCall, planCacheMode: "force_generic_plan" | "auto" = "force_generic_plan"): Promise<string[]> {
      const statements = await statementsOf(run);
      const client = new pg.Client({ connectionString: databaseUrl, options: `-c jit=off -c plan_cache_mode=${planCacheMode}` });
      await client.connect();
      let lastNotice = "";
      client.on("notice", (notice) => (lastNotice = notice.message ?? ""));
      await client.query("LOAD 'auto_explain'");
      await client.query(
        "SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on; SET auto_explain.log_buffers = on; SET auto_explain.log_level = notice",
      );
      const plans: string[] = [];
      try {
        for (const [index, { text, values }] of statements.entries()) {
          for (let execution = 0; execution < 6; execution++) await client.query({ name: `explained_${index}`, text, values });
          plans.push(lastNotice);
        }
      } finally {
        await client.end();
      }
      return plans;
    },
    /**
     * Wall time of the statements `run` sends, outside the app's pool and model code, on one connection: `generic`
     * as the app runs them (a named statement prepared once, `force_generic_plan`), `planned` as PostgreSQL's
     * default plans an unnamed statement (a custom plan for the values, planned on every execution). Median and
     * p90 of `times` runs after 3 warm-ups.
     */
    async timeStatements(run: ModelCall, planning: "generic" | "planned", times = 50): Promise<{ median: number; p90: number }> {
      const statements = await statementsOf(run);
      const mode = planning === "generic" ? "force_generic_plan" : "auto";
      const client = new pg.Client({ connectionString: databaseUrl, options: `-c jit=off -c plan_cache_mode=${mode}` });
      await client.connect();
      const once = async () => {
        for (const [index, { text, values }] of statements.entries())
          await client.query(planning === "generic" ? { name: `timed_${index}`, text, values } : { text, values });
      };
      const samples: number[] = [];
      try {
        for (let warm = 0; warm < 3; warm++) await once();
        for (let n = 0; n < times; n++) {
          const start = performance.now();
          await once();
          samples.push(performance.now() - start);
        }
      } finally {
        await client.end();
      }
      samples.sort((a, b) => a - b);
      return { median: samples[Math.floor(times / 2)]!, p90: samples[Math.floor(times * 0.9)]! };
    },
    /** Wall time of `run` as the app sees it (pool round trip included): median and p90 of `times` runs after 3 warm-ups. */
    async time(run: ModelCall, times = 50): Promise<{ median: number; p90: number }> {
      for (let warm = 0; warm < 3; warm++) await run();
      const samples: number[] = [];
      for (let n = 0; n < times; n++) {
        const start = performance.now();
        await run();
        samples.push(performance.now() - start);
      }
      samples.sort((a, b) => a - b);
      return { median: samples[Math.floor(times / 2)]!, p90: samples[Math.floor(times * 0.9)]! };
    },
    end: () => pool.end(),
  };
}
