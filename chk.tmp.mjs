import { runUpkeepSimulation } from './dist/test/sim/mailbox-upkeep-sim.js'
let hand = 0
for (let s = 1; s <= 100; s++) { try { const r = await runUpkeepSimulation(s); hand += r.handOffs } catch (e) { console.log('fail', s, e.message.slice(0, 200)); break } }
console.log('handoffs', hand)
