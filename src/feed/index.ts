/**
 * Feeds: each user's append-only log of signed entries (posts, follows, unfollows), live
 * dissemination over gossipsub (one topic per author), the remote log (DAG-CBOR pages and
 * an IPNS head pointer) that lets anyone sync a feed while its author is offline, and
 * the timeline, social graph and notifications built from them.
 */
export * from './errors.js'
export * from './constants.js'
export { FeedService, feedService } from './service.js'
export type { FeedComponents, FeedNetwork } from './components.js'
export type { FeedServiceInit } from './service.js'
export type { FeedEvents, PostView, NotificationView, UserRef } from './views.js'
export { FeedArchive } from './archive.js'
export type { ArchivedFeed, FeedArchiveInit } from './archive.js'
export { FeedStore } from './store.js'
export { RemoteLog } from './remote-log.js'
export { signEntry, verifyEntry, checkLink, entryCid, postBody, followBody } from './entry.js'
export type { VerifiedEntry } from './entry.js'
export { buildPages, verifyPage, encodePage, checkBlock, encodeHeads, verifyHeads, chainsOf } from './pages.js'
export type { ChainHeadRef, Heads } from './pages.js'
export { signPointer, verifyPointer, pointerKey, pointerValidators, pointerSelectors, isPointerKey, guardPointerReplacement } from './pointer.js'
export { topicKey, gossipTopic } from './routing.js'
export { followerSummaryKey, isFollowerSummaryKey, signFollowerSummary, verifyFollowerSummary, selectFollowerSummary, followerSummaryValidators, followerSummarySelectors, guardFollowerSummaryReplacement } from './follower-summary.js'
export type { VerifiedFollowerSummary } from './follower-summary.js'
export { FollowerCounts } from './counts.js'
export type { UserCounts } from './counts.js'
export { exportFeedCar } from './car.js'
export { FEED_MIGRATIONS } from './migration.js'
