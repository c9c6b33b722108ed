import type { AgentLimits } from '../config/config.js';
import type { CallMetrics } from '../model/gateway.js';

/**
 * The agent's budgets, enforced by the harness and never left to the model: turns, tokens, its own
 * wall time, and the job's deadline (less the time the final verification needs), whichever comes first.
 */
export class AgentBudget {
  turns = 0;
  promptTokens = 0;
  outputTokens = 0;
  private readonly started: number;

  constructor(
    private readonly limits: AgentLimits,
    private readonly now: () => number,
    /** Epoch ms after which no turn starts: the job's deadline less the final verification's time. */
    private readonly jobDeadline?: number,
  ) {
    this.started = now();
  }

  record(metrics: CallMetrics): void {
    this.turns++;
    this.promptTokens += metrics.promptTokens;
    this.outputTokens += metrics.outputTokens;
  }

  turnsLeft(): number {
    return this.limits.maxTurns - this.turns;
  }

  /** Which limit stops the next turn, in people's words with the input that sets it; undefined while none does. */
  exhausted(): string | undefined {
    const { maxTurns, maxTokens, timeLimitMs } = this.limits;
    if (this.turns >= maxTurns) return `its limit of ${maxTurns} turns (agent-max-turns)`;
    const tokens = this.promptTokens + this.outputTokens;
    if (tokens >= maxTokens)
      return `its limit of ${maxTokens.toLocaleString('en-US')} tokens (agent-max-tokens; ${tokens.toLocaleString('en-US')} used)`;
    const now = this.now();
    if (now - this.started >= timeLimitMs)
      return `its time limit of ${Math.round(timeLimitMs / 60_000)} min (agent-time-limit)`;
    if (this.jobDeadline !== undefined && now >= this.jobDeadline)
      return "the job's deadline (job-budget), keeping time for the final verification";
    return undefined;
  }
}
