/**
 * English strings of the live lab's pages: connecting to a hub, rooms and machines' addresses,
 * a real run drawn beside its prediction, replay by URL, captures opened as saved runs, and
 * datagrams that never arrived. Part of the English table (en.ts spreads it).
 */
export const enLab = {
  // Live lab
  labConnect: 'Connect to a lab',
  labConnected: 'Lab: {n} {n#agent|agents}',
  labHubUrl: 'Hub URL (ws://…)',
  labToken: 'Token',
  labDoConnect: 'Connect',
  labDisconnect: 'Disconnect',
  labBadUrl: 'The hub URL must start with ws:// or wss://.',
  labStatus_idle: 'Not connected.',
  labStatus_connecting: 'Connecting…',
  labStatus_connected: 'Connected.',
  labStatus_retrying: 'Connection lost; retrying…',
  labStatus_unreachable:
    'No hub answers at this address yet; retrying… Check the URL `agujero server` printed (ws://HOST:8080/hub) and that the server is running.',
  labStatus_refused: 'The hub refused the connection: {why}',
  labNoAgents: 'No agent has joined yet.',
  labAgent: '{role}: nc {variant}{keep}',
  // Live lab: rooms and the addresses the lab knows each machine by
  labRoom: 'Room (optional: your pair’s)',
  labBadRoom: 'A room is 1 to 32 letters, digits or dashes.',
  labConnectedRoom: 'Lab {room}: {n} {n#agent|agents}',
  labAgentLan: 'LAN {lan}',
  labAgentPublic: 'connects from {ip}',
  labAgentSaw: 'the Server saw port {local} as {seen}',
  labPunch: '{role}: agujero punch, {phase} ({sent} sent, {received} received)',
  labPhase_registering: 'registering',
  labPhase_waiting: 'waiting for the peer',
  labPhase_punching: 'punching',
  labPhase_connected: 'connected',
  labPhase_closing: 'closing',
  labPhase_done: 'done',
  labPhase_failed: 'failed',
  labOpenRun: 'Open a saved run (.json) or a capture (.pcap, .pcapng)',
  labRunFor: 'Run for real',
  labRunNeeds: 'Connect to a lab with an agent for {actors} to run this for real.',
  labPredicted: 'Predicted (simulator)',
  labReal: 'Real (lab)',
  labRunning: 'Running for real: {done} of {total} {total#step|steps}…',
  labRanAll: 'Ran for real. Real events: {n}.',
  labServerSkipped: 'The Server’s lines ({n}) already run on the lab’s server.',
  labSave: 'Save this run',
  labDiffHeading: 'Predicted beside real',
  labDiffSame: 'as predicted',
  labDiffLost: 'predicted delivered, never seen for real',
  labDiffUnexpected: 'predicted lost, delivered for real',
  labDiffPort: 'arrived from port {real}, predicted {predicted}',
  labDiffWaiting: 'waiting…',
  labFateDelivered: 'delivered to {node} from port {port}',
  labFateDropped: 'dropped at {node} ({reason})',
  labFateUnseen: 'not seen',
  labWhyLost:
    'On the way a NAT or firewall dropped it, or nothing was listening: the real NATs filter more than the ones chosen in the simulator.',
  labWhyUnexpected:
    'The model predicted “{reason}”; the real NATs let it through: they filter less than the ones chosen here (or both machines share a network).',
  labWhyPort:
    'A NAT rewrote the source port: a clash with an existing flow (Linux conntrack) or a symmetric mapping.',
  labReplayHeading: 'Saved lab run ({saved})',
  labReplayClose: 'Close the replay',
  labReplayError: 'This file is not a lab run: {why}',
  labRefuseActor:
    '{actor}$ {command}: no agent runs the {actor}’s lines; the lab’s server plays the Server.',
  labRefuseProgram:
    '{actor}$ {command}: “{program}” has no lab step; only nc sends, nc listens and pystun run for real.',
  labRefuseShape:
    '{actor}$ {command}: no lab step has this form; the lab runs echo "TEXT" | nc -p PORT -u IP PORT, nc -lu PORT, nc -klu PORT and pystun.',
  labRefuseAddress: '{actor}$ {command}: the lab does not know the real address for {ip}.',
  labRefuseValue: '{actor}$ {command}: {detail}.',
  labRefuseParse: '{actor}$ {command}: {detail}.',
  // Live lab: the real run drawn beside the prediction, and replay by URL
  labWhyClash:
    'The model predicted a clash: port {sent} was already held, so its NAT chose {predicted}; the real NAT kept {sent}.',
  labWhyRewritten:
    'The real NAT rewrote source port {sent} to {real}: a clash with a conntrack entry it already had (a stray packet let in by the router’s INPUT chain), or a symmetric, random-port NAT.',
  labWhyExpired:
    'The hole was {s} s old when this was sent: longer than Linux’s 30 s UDP timeout, so the NAT had closed it.',
  labShowBoth: 'Show in both',
  labShowBothHelp: 'Step both runs to {from}’s “{text}” and highlight it',
  labSides: 'Run shown',
  labRealViews: 'The real run, drawn like the prediction',
  labRealInferred:
    'Real NAT tables are inferred from the addresses each machine saw (the lab cannot read the routers); a mapping is taken to live Linux’s 30 s UDP timeout, 120 s once answered.',
  labRealNoNat:
    'No address changed on the way: these machines reached each other without a NAT (all on {ip}), so the real tables stay empty.',
  labDiffCount: '{n} of {total} {total#datagram differs|datagrams differ}',
  labReplayScheme: 'only http and https addresses can be opened, not {scheme}',
  labReplayTooBig: 'larger than {max} MB',
  labReplayHttp: 'the server answered HTTP {status}',
  labReplayNetwork:
    'it could not be fetched (network error, or its server does not let this site read it: CORS)',
  labReplayNotJson: 'it is not JSON ({detail})',
  labFateDeliveredNoPort: 'delivered to {node} (its nc does not say from which port)',
  labReplayLoading: 'Opening the saved run {url}…',
  // Captures: a .pcap/.pcapng opened as a saved run (src/app/capture-file.ts, capture-summary)
  captureErrorNotCapture: 'it is not a pcap or pcapng capture ({detail})',
  captureErrorTooLarge: 'the capture is larger than {max} MB',
  captureErrorTruncated: 'the capture is cut short: {detail}',
  captureErrorBadLength: 'a length in the capture is wrong: {detail}',
  captureErrorBadBlock: 'a block of the capture is malformed: {detail}',
  captureErrorTooManyPackets:
    'the capture has more than {packets} packets: cut it with editcap -r or a capture filter',
  captureErrorNoInterface: 'a packet names an interface the capture does not describe: {detail}',
  captureErrorNoUdp: 'the capture holds no IPv4 UDP datagram ({detail})',
  captureErrorNoServer:
    'no datagram in the capture goes to port 9000 or 3478, so there is no Server to match it by',
  captureHeading: 'Imported capture: {datagrams} datagrams, {packets} packets',
  captureMatchedLab: 'The namespace lab’s addresses (agujero netns): matched directly.',
  captureMatchedInferred: 'Roles inferred from the capture. Check them:',
  captureRole: 'Role',
  captureServer: 'Server',
  captureOwnAddress: 'Own address (LAN)',
  capturePublicAddress: 'Public address (its NAT)',
  captureAddrSameNoNat: 'the same (no NAT in front)',
  captureAddrPredicted: 'in the prediction:',
  captureNotSeen: 'not seen',
  captureWhy: 'Why',
  captureSwap: 'Swap Alice and Bob',
  captureNatFor: 'NAT of {router} for the prediction',
  captureNatEvidence: '{router} behaved like {preset}: {why}',
  captureNatAssumed: '{router}: {why}',
  captureReasonNamespaceLab: 'the namespace lab: its documentation addresses',
  captureReasonServer: 'Server {ip}: it receives on port 9000 or 3478',
  captureReasonServerAlternate: 'Server {ip}: its second address (STUN port {port})',
  captureReasonServerMachine:
    "Server {ips}: the addresses in the capture taken on the Server's machine",
  captureReasonBehindNat: '{lan} is behind the NAT at {wan}: its packets are rewritten there',
  captureReasonPeerPort: '{who} {ips}: uses the walkthrough’s port {ports}',
  captureReasonPeerFirst: '{who} {ips}: spoke to the Server first (as Bob does in the walkthrough)',
  captureReasonPeerSecond: '{who} {ips}: spoke to the Server second',
  captureReasonPeerMissing: '{who}: not in the capture',
  captureReasonPeerMachine: "{who} {ips}: the addresses in the capture taken on {who}'s machine",
  captureReasonOwnGuessed:
    "{who} {ips}: a guess (two addresses are in the same datagrams of its capture, and neither its link layer, the Server's ports nor the TTLs say which one is its own)",
  captureReasonOwnGuessedPrivate:
    "{who} {ips}: a guess, the private address (two addresses are in the same datagrams of its capture, and neither its link layer, the Server's ports nor the TTLs say which one is its own)",
  captureWhoAlice: 'Alice',
  captureWhoBob: 'Bob',
  captureReasonSwapped: 'Alice and Bob swapped by hand',
  captureReasonNatSymmetric:
    '{inner} went out as port {port1} toward {remote1} and as {port2} toward {remote2}',
  captureReasonNatFullCone: '{remote} got in through port {port}, which never sent to {ip}',
  captureReasonNatRestrictedCone:
    '{remote} got in through port {port}, which sent to {ip} but never to port {remotePort}',
  captureReasonNatPortRestrictedCone:
    '{remote} was dropped at port {port}, which had sent to {ip} from another port',
  captureReasonNatNoneCrossed:
    'no packet crossed it in the capture; the prediction assumes Linux MASQUERADE',
  captureReasonNatNoEvidence:
    'nothing came in that a stricter or looser NAT would have treated otherwise; the prediction assumes Linux MASQUERADE',
  // A capture's machines' clocks, each on the Server's (src/app/capture-clocks.ts, capture-summary)
  captureClocksHeading: 'Clocks',
  captureClockOfServer: "the Server's",
  captureClockOfPeer: "{who}'s",
  captureClockBehind: "{who}'s clock was {least}{span} behind {of}",
  captureClockAhead: "{who}'s clock was {least}{span} ahead of {of}",
  captureClockAtLeast: 'at least ',
  captureClockWithin: ', to within {span}',
  captureClockMoved: ': its frames were moved {signed} before matching',
  captureClockKept: ': not moved, the recorded times kept',
  captureClockSeen:
    ' ({out} {out#datagram|datagrams} it sent, {back} it received, also in {of} capture).',
  captureClockAgrees: "{who}'s clock agrees with {of}",
  captureClockNone:
    "{who}'s clock: not compared, no datagram is in both its capture and {of}; its times are left as recorded.",
  captureClockContradictory:
    "{who}'s clock: not moved, since the datagrams in both its capture and {of} disagree: no single offset puts each arrival after its sending",
  captureKeepClocks: 'Keep the recorded times (do not correct the machines’ clocks)',
  // A capture's replay: what it saw at the routers (src/app/real-timeline.ts, lab-real-sim, lab-run-view)
  labDiffDroppedAt: 'predicted delivered, dropped at {node} for real',
  labRealObserved:
    'The NAT rewrites and drops here are what the capture saw at the routers (the same datagram before and after each NAT); a mapping is still taken to live Linux’s 30 s UDP timeout, 120 s once answered, since the capture does not show it expire.',
  labRealNatGuessed: '{router}: behaved like {preset} (guessed from the capture)',
  labRealNatObserved: '{router}: type not known, its rewrites only observed',
  labRealNatInferred: '{router}: type not known, its rewrites inferred from the ends',
  // Datagrams that never arrived, in the sequence diagram (src/app/sequence-fate.ts, nat-sequence-never)
  seqNeverHeading: 'Never arrived',
  seqNeverCount: '{n} never arrived',
  seqNeverLatest: 'the latest {shown} of {n}:',
  seqNeverItem: '#{id} {text}, {from} to {dst}',
  seqNeverDropped: 'never arrived: dropped by {node}: {reason}',
  seqNeverLost:
    'never arrived: lost (it was sent, and no machine reported it arriving; where it died is not known)',
  seqLostLabel: 'lost: no one received it',
  // A real run's addresses by role beside the prediction's (src/app/run-addresses.ts, lab-run-addresses)
  labAddrHeading: 'Addresses by role',
  labAddrRole: 'Role',
  labAddrThisRun: 'This run',
  labAddrPublic: '{router}, public address',
  labAddrUnseen: 'not seen in this run',
  labAddrRenamed:
    'The prediction is drawn in this run’s own addresses (the model runs the same steps with them), so the same role has the same address on both sides.',
  labAddrRenamedButServer:
    'The prediction is drawn in this run’s own addresses, except the Server’s: a program in the model knows the lesson’s Server address by heart.',
  labAddrKeptStory:
    'The prediction keeps the lesson’s addresses: with this run’s, the model would not run the same steps. Compare each role by its row here.',
  labAddrKeptShared:
    'This run gave several machines the same address (one machine, on loopback), so the prediction keeps the lesson’s addresses. Compare each role by its row here.',
  labAddrPending:
    'While the run goes on, the prediction keeps the lesson’s addresses; once it is over, it is drawn in this run’s.',
  labAddrKeptUnseen:
    'This run shows none of its machines’ addresses, so the prediction keeps the lesson’s.',
};
