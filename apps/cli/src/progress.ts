import cliProgress from 'cli-progress'

export interface ProgressReporter {
  update(done: number, total: number, phase?: string): void
  stop(): void
}

/**
 * A progress bar on a terminal; on anything else (CI logs, pipes) a plain line every few
 * seconds, so logs stay readable.
 */
export function progressReporter(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): ProgressReporter {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {percentage}% {value}/{total} {phase}`,
        stream,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    )
    let started = false
    return {
      update(done, total, phase = '') {
        if (!started) {
          bar.start(Math.max(total, 1), 0, { phase })
          started = true
        }
        bar.setTotal(Math.max(total, 1))
        bar.update(done, { phase })
      },
      stop: () => bar.stop(),
    }
  }
  let last = 0
  return {
    update(done, total, phase = '') {
      const now = Date.now()
      if (now - last < 5000 && done < total) return
      last = now
      stream.write(`${label}: ${done}/${total} ${phase}\n`)
    },
    stop() {},
  }
}
