import { ParleyError } from '../kernel/index.js'

/**
 * A peer asked this node to hold a new DHT record or provider record beyond what it holds
 * for that peer, or for all peers together (DhtStoreLimits). What is held already stays.
 */
export class DhtStoreFullError extends ParleyError {
  static override readonly code = 'dht_store_full'
  override readonly name = 'DhtStoreFullError'
}
