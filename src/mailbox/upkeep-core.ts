/**
 * Replica upkeep, sans-IO: `step(state, input) -> { state, outputs }`, no sockets, timers or
 * clocks inside. Each holder runs a round per mailbox it holds, every interval: find the K
 * closest peers to the mailbox key, offer them the ids it holds, copy what they lack, and
 * hand off (drop its own copy) once it is no longer among the K closest and K others
 * confirmed every crate. Mailboxes, peers and crate ids are opaque strings here.
 */

export interface UpkeepConfig {
  /** this holder's peer id */
  self: string
  /** copies wanted per crate (K) */
  k: number
  /** how often a mailbox gets a round, ms */
  intervalMs: number
}

interface Round {
  ids: string[]
  closest: string[]
  pendingOffers: string[]
  pendingCopies: string[]
  /** per peer, the ids it is known to hold */
  confirmed: Record<string, string[]>
  copied: number
}

export interface UpkeepState {
  readonly config: UpkeepConfig
  /** when each mailbox's last round started */
  readonly lastRound: Readonly<Record<string, number>>
  /** rounds in progress, by mailbox */
  readonly rounds: Readonly<Record<string, Round>>
}

export type UpkeepInput =
  /** a timer tick with what this holder holds now; `force` starts a round for every mailbox */
  | { type: 'tick', now: number, held: Array<{ mailbox: string, ids: string[] }>, force?: boolean }
  /** the K closest peers to a mailbox key, closest first (self included when it is among them) */
  | { type: 'closest', mailbox: string, peers: string[] }
  | { type: 'closest-failed', mailbox: string }
  /** a peer answered an offer with the ids it lacks */
  | { type: 'offer-answered', mailbox: string, peer: string, missing: string[] }
  | { type: 'offer-failed', mailbox: string, peer: string }
  /** a copy went through; `stored` are the ids the peer now holds */
  | { type: 'copy-done', mailbox: string, peer: string, stored: string[] }
  | { type: 'copy-failed', mailbox: string, peer: string }

export type UpkeepOutput =
  | { type: 'find-closest', mailbox: string }
  | { type: 'offer', mailbox: string, peer: string, ids: string[] }
  | { type: 'copy', mailbox: string, peer: string, ids: string[] }
  /** this holder may delete these crates: K closer peers hold them */
  | { type: 'drop', mailbox: string, ids: string[] }
  | { type: 'round-finished', mailbox: string, copied: number, holders: number, handedOff: boolean }

export interface UpkeepStep {
  state: UpkeepState
  outputs: UpkeepOutput[]
}

export function initialUpkeepState (config: UpkeepConfig): UpkeepState {
  return { config, lastRound: {}, rounds: {} }
}

export function step (state: UpkeepState, input: UpkeepInput): UpkeepStep {
  switch (input.type) {
    case 'tick': return tick(state, input.now, input.held, input.force === true)
    case 'closest': return withRound(state, input.mailbox, (round) => closest(state, input.mailbox, round, input.peers))
    case 'closest-failed': return withRound(state, input.mailbox, (round) => ({ round: { ...round, closest: [] }, outputs: [] }))
    case 'offer-answered': return withRound(state, input.mailbox, (round) => {
      if (!round.pendingOffers.includes(input.peer)) return { round, outputs: [] }
      const missing = new Set(input.missing)
      const wanted = round.ids.filter((id) => missing.has(id))
      const next: Round = {
        ...round,
        pendingOffers: round.pendingOffers.filter((p) => p !== input.peer),
        pendingCopies: wanted.length > 0 ? [...round.pendingCopies, input.peer] : round.pendingCopies,
        confirmed: { ...round.confirmed, [input.peer]: round.ids.filter((id) => !missing.has(id)) }
      }
      return { round: next, outputs: wanted.length > 0 ? [{ type: 'copy', mailbox: input.mailbox, peer: input.peer, ids: wanted }] : [] }
    })
    case 'offer-failed': return withRound(state, input.mailbox, (round) => ({
      round: { ...round, pendingOffers: round.pendingOffers.filter((p) => p !== input.peer) },
      outputs: []
    }))
    case 'copy-done': return withRound(state, input.mailbox, (round) => {
      if (!round.pendingCopies.includes(input.peer)) return { round, outputs: [] }
      const held = new Set([...(round.confirmed[input.peer] ?? []), ...input.stored])
      return {
        round: {
          ...round,
          pendingCopies: round.pendingCopies.filter((p) => p !== input.peer),
          confirmed: { ...round.confirmed, [input.peer]: round.ids.filter((id) => held.has(id)) },
          copied: round.copied + input.stored.length
        },
        outputs: []
      }
    })
    case 'copy-failed': return withRound(state, input.mailbox, (round) => ({
      round: { ...round, pendingCopies: round.pendingCopies.filter((p) => p !== input.peer) },
      outputs: []
    }))
  }
}

function tick (state: UpkeepState, now: number, held: Array<{ mailbox: string, ids: string[] }>, force: boolean): UpkeepStep {
  const lastRound = { ...state.lastRound }
  const rounds = { ...state.rounds }
  const outputs: UpkeepOutput[] = []
  const holding = new Set<string>()
  for (const { mailbox, ids } of held) {
    holding.add(mailbox)
    if (ids.length === 0 || rounds[mailbox] != null) continue
    const last = lastRound[mailbox]
    if (!force && last != null && now - last < state.config.intervalMs) continue
    lastRound[mailbox] = now
    rounds[mailbox] = { ids: [...ids], closest: [], pendingOffers: [], pendingCopies: [], confirmed: {}, copied: 0 }
    outputs.push({ type: 'find-closest', mailbox })
  }
  // forget mailboxes no longer held, so the state stays as small as the holdings
  for (const mailbox of Object.keys(lastRound)) if (!holding.has(mailbox) && rounds[mailbox] == null) delete lastRound[mailbox]
  return { state: { ...state, lastRound, rounds }, outputs }
}

function closest (state: UpkeepState, mailbox: string, round: Round, peers: string[]): { round: Round, outputs: UpkeepOutput[] } {
  if (round.closest.length > 0 || round.pendingOffers.length > 0) return { round, outputs: [] } // duplicate answer
  const top = peers.slice(0, state.config.k)
  const targets = top.filter((p) => p !== state.config.self)
  return {
    round: { ...round, closest: top, pendingOffers: targets },
    outputs: targets.map((peer) => ({ type: 'offer' as const, mailbox, peer, ids: round.ids }))
  }
}

/** Applies `change` to a mailbox's round in progress, and finishes the round when nothing is pending. */
function withRound (state: UpkeepState, mailbox: string, change: (round: Round) => { round: Round, outputs: UpkeepOutput[] }): UpkeepStep {
  const current = state.rounds[mailbox]
  if (current == null) return { state, outputs: [] } // a late answer for a round already over
  const { round, outputs } = change(current)
  const waiting = round.pendingOffers.length > 0 || round.pendingCopies.length > 0
  const stillLooking = round.closest.length === 0 && round === current
  if (waiting || stillLooking) return { state: { ...state, rounds: { ...state.rounds, [mailbox]: round } }, outputs }
  const rounds = { ...state.rounds }
  delete rounds[mailbox]
  return { state: { ...state, rounds }, outputs: [...outputs, ...finish(state.config, mailbox, round)] }
}

function finish (config: UpkeepConfig, mailbox: string, round: Round): UpkeepOutput[] {
  const holders = Object.values(round.confirmed).filter((ids) => ids.length === round.ids.length).length
  const outside = round.closest.length > 0 && !round.closest.includes(config.self)
  const counts = new Map<string, number>()
  for (const ids of Object.values(round.confirmed)) for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1)
  const handOff = outside ? round.ids.filter((id) => (counts.get(id) ?? 0) >= config.k) : []
  const outputs: UpkeepOutput[] = []
  if (handOff.length > 0) outputs.push({ type: 'drop', mailbox, ids: handOff })
  outputs.push({ type: 'round-finished', mailbox, copied: round.copied, holders, handedOff: handOff.length > 0 })
  return outputs
}
