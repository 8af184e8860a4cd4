// For the soak benchmark: a server process under BENCH_MEMORY_EVERY_MS prints its heap every
// so many milliseconds ("MEMORY {json}"), which the runner reads with the RSS from /proc.
export function reportMemory(): void {
  const every = Number(process.env.BENCH_MEMORY_EVERY_MS ?? 0);
  if (!(every > 0)) return;
  setInterval(() => {
    const m = process.memoryUsage();
    const mb = (x: number) => Math.round(x / 1048576);
    console.log(
      `MEMORY ${JSON.stringify({ heapUsedMb: mb(m.heapUsed), heapTotalMb: mb(m.heapTotal), externalMb: mb(m.external) })}`,
    );
  }, every).unref();
}
