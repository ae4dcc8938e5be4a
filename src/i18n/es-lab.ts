/**
 * Spanish strings of the live lab's pages, one per key of en-lab.ts (es.ts spreads it).
 */
import type { enLab } from './en-lab.ts';

export const esLab: Record<keyof typeof enLab, string> = {
  // Live lab
  labConnect: 'Conectar a un laboratorio',
  labConnected: 'Laboratorio: {n} {n#agente|agentes}',
  labHubUrl: 'URL del hub (ws://…)',
  labToken: 'Token',
  labDoConnect: 'Conectar',
  labDisconnect: 'Desconectar',
  labBadUrl: 'La URL del hub debe empezar por ws:// o wss://.',
  labStatus_idle: 'Sin conexión.',
  labStatus_connecting: 'Conectando…',
  labStatus_connected: 'Conectado.',
  labStatus_retrying: 'Se perdió la conexión; reintentando…',
  labStatus_unreachable:
    'Ningún hub responde aún en esta dirección; reintentando… Comprueba la URL que imprimió `agujero server` (ws://HOST:8080/hub) y que el servidor esté en marcha.',
  labStatus_refused: 'El hub rechazó la conexión: {why}',
  labNoAgents: 'Aún no se ha unido ningún agente.',
  labAgent: '{role}: nc {variant}{keep}',
  // Live lab: rooms and the addresses the lab knows each machine by
  labRoom: 'Sala (opcional: la de tu pareja)',
  labBadRoom: 'Una sala son de 1 a 32 letras, cifras o guiones.',
  labConnectedRoom: 'Laboratorio {room}: {n} {n#agente|agentes}',
  labAgentLan: 'LAN {lan}',
  labAgentPublic: 'conecta desde {ip}',
  labAgentSaw: 'el Server vio el puerto {local} como {seen}',
  labPunch: '{role}: agujero punch, {phase} ({sent} enviados, {received} recibidos)',
  labPhase_registering: 'registrándose',
  labPhase_waiting: 'esperando al otro',
  labPhase_punching: 'abriendo el agujero',
  labPhase_connected: 'conectado',
  labPhase_closing: 'cerrando',
  labPhase_done: 'terminado',
  labPhase_failed: 'falló',
  labOpenRun: 'Abrir una ejecución guardada (.json) o una captura (.pcap, .pcapng)',
  labRunFor: 'Ejecutar de verdad',
  labRunNeeds: 'Conéctate a un laboratorio con un agente para {actors} para ejecutarlo de verdad.',
  labPredicted: 'Predicho (simulador)',
  labReal: 'Real (laboratorio)',
  labRunning: 'Ejecutando de verdad: {done} de {total} {total#paso|pasos}…',
  labRanAll: 'Ejecutado de verdad. Eventos reales: {n}.',
  labServerSkipped: 'Las líneas del Server ({n}) ya se ejecutan en el servidor del laboratorio.',
  labSave: 'Guardar esta ejecución',
  labDiffHeading: 'Lo predicho junto a lo real',
  labDiffSame: 'como se predijo',
  labDiffLost: 'se predijo entregado y no se vio de verdad',
  labDiffUnexpected: 'se predijo perdido y se entregó de verdad',
  labDiffPort: 'llegó desde el puerto {real}, se predijo {predicted}',
  labDiffWaiting: 'esperando…',
  labFateDelivered: 'entregado a {node} desde el puerto {port}',
  labFateDropped: 'descartado en {node} ({reason})',
  labFateUnseen: 'no visto',
  labWhyLost:
    'Por el camino lo descartó un NAT o un cortafuegos, o nadie escuchaba: los NAT reales filtran más que los elegidos en el simulador.',
  labWhyUnexpected:
    'El modelo predijo «{reason}»; los NAT reales lo dejaron pasar: filtran menos que los elegidos aquí (o las dos máquinas comparten red).',
  labWhyPort:
    'Un NAT reescribió el puerto de origen: un choque con un flujo existente (conntrack de Linux) o un mapeo simétrico.',
  labReplayHeading: 'Ejecución de laboratorio guardada ({saved})',
  labReplayClose: 'Cerrar la reproducción',
  labReplayError: 'Este archivo no es una ejecución de laboratorio: {why}',
  labRefuseActor:
    '{actor}$ {command}: ningún agente ejecuta las líneas de {actor}; el servidor del laboratorio hace de Server.',
  labRefuseProgram:
    '{actor}$ {command}: «{program}» no tiene paso de laboratorio; solo los envíos con nc, las escuchas con nc y pystun se ejecutan de verdad.',
  labRefuseShape:
    '{actor}$ {command}: ningún paso de laboratorio tiene esta forma; el laboratorio ejecuta echo "TEXTO" | nc -p PUERTO -u IP PUERTO, nc -lu PUERTO, nc -klu PUERTO y pystun.',
  labRefuseAddress: '{actor}$ {command}: el laboratorio no conoce la dirección real de {ip}.',
  labRefuseValue: '{actor}$ {command}: {detail}.',
  labRefuseParse: '{actor}$ {command}: {detail}.',
  // Live lab: the real run drawn beside the prediction, and replay by URL
  labWhyClash:
    'El modelo predijo un choque: el puerto {sent} ya estaba ocupado, así que su NAT eligió {predicted}; el NAT real mantuvo {sent}.',
  labWhyRewritten:
    'El NAT real reescribió el puerto de origen {sent} a {real}: un choque con una entrada de conntrack que ya tenía (un paquete suelto que la cadena INPUT del router dejó entrar), o un NAT simétrico de puertos aleatorios.',
  labWhyExpired:
    'El agujero tenía {s} s cuando se envió: más que los 30 s de timeout UDP de Linux, así que el NAT ya lo había cerrado.',
  labShowBoth: 'Ver en ambas',
  labShowBothHelp: 'Llevar ambas ejecuciones al «{text}» de {from} y resaltarlo',
  labSides: 'Ejecución mostrada',
  labRealViews: 'La ejecución real, dibujada como la predicción',
  labRealInferred:
    'Las tablas de los NAT reales se deducen de las direcciones que vio cada máquina (el laboratorio no puede leer los routers); se supone que un mapeo vive los 30 s de timeout UDP de Linux, 120 s si hubo respuesta.',
  labRealNoNat:
    'Ninguna dirección cambió por el camino: estas máquinas se alcanzaron sin NAT (todas en {ip}), así que las tablas reales quedan vacías.',
  labDiffCount: '{n} de {total} {total#datagrama difiere|datagramas difieren}',
  labReplayScheme: 'solo se pueden abrir direcciones http y https, no {scheme}',
  labReplayTooBig: 'ocupa más de {max} MB',
  labReplayHttp: 'el servidor respondió HTTP {status}',
  labReplayNetwork:
    'no se pudo descargar (error de red, o su servidor no deja que este sitio lo lea: CORS)',
  labReplayNotJson: 'no es JSON ({detail})',
  labFateDeliveredNoPort: 'entregado a {node} (su nc no dice desde qué puerto)',
  labReplayLoading: 'Abriendo la ejecución guardada {url}…',
  // Capturas: un .pcap/.pcapng abierto como ejecución guardada (src/app/capture-file.ts, capture-summary)
  captureErrorNotCapture: 'no es una captura pcap ni pcapng ({detail})',
  captureErrorTooLarge: 'la captura pesa más de {max} MB',
  captureErrorTruncated: 'la captura está cortada: {detail}',
  captureErrorBadLength: 'una longitud de la captura es errónea: {detail}',
  captureErrorBadBlock: 'un bloque de la captura está mal formado: {detail}',
  captureErrorTooManyPackets:
    'la captura tiene más de {packets} paquetes: recórtala con editcap -r o con un filtro de captura',
  captureErrorNoInterface: 'un paquete nombra una interfaz que la captura no describe: {detail}',
  captureErrorNoUdp: 'la captura no contiene ningún datagrama UDP sobre IPv4 ({detail})',
  captureErrorNoServer:
    'ningún datagrama de la captura va al puerto 9000 ni al 3478: no hay Servidor con el que emparejarla',
  captureHeading: 'Captura importada: {datagrams} datagramas, {packets} paquetes',
  captureMatchedLab:
    'Direcciones del laboratorio de namespaces (agujero netns): emparejadas directamente.',
  captureMatchedInferred: 'Papeles deducidos de la captura. Revísalos:',
  captureRole: 'Papel',
  captureServer: 'Servidor',
  captureOwnAddress: 'Dirección propia (LAN)',
  capturePublicAddress: 'Dirección pública (su NAT)',
  captureAddrSameNoNat: 'la misma (no tiene NAT delante)',
  captureAddrPredicted: 'en la predicción:',
  captureNotSeen: 'no aparece',
  captureWhy: 'Por qué',
  captureSwap: 'Intercambiar Alice y Bob',
  captureNatFor: 'NAT de {router} para la predicción',
  captureNatEvidence: '{router} se comportó como {preset}: {why}',
  captureNatAssumed: '{router}: {why}',
  captureReasonNamespaceLab: 'el laboratorio de namespaces: sus direcciones de documentación',
  captureReasonServer: 'Servidor {ip}: recibe en el puerto 9000 o 3478',
  captureReasonServerAlternate: 'Servidor {ip}: su segunda dirección (puerto STUN {port})',
  captureReasonServerMachine:
    'Servidor {ips}: las direcciones de la captura tomada en la máquina del Servidor',
  captureReasonBehindNat: '{lan} está detrás del NAT de {wan}: allí se reescriben sus paquetes',
  captureReasonPeerPort: '{who} {ips}: usa el puerto del recorrido {ports}',
  captureReasonPeerFirst: '{who} {ips}: habló primero con el Servidor (como Bob en el recorrido)',
  captureReasonPeerSecond: '{who} {ips}: habló en segundo lugar con el Servidor',
  captureReasonPeerMissing: '{who}: no aparece en la captura',
  captureReasonPeerMachine:
    '{who} {ips}: las direcciones de la captura tomada en la máquina de {who}',
  captureReasonOwnGuessed:
    '{who} {ips}: una suposición (dos direcciones aparecen en los mismos datagramas de su captura, y ni su capa de enlace, ni los puertos del Servidor ni los TTL dicen cuál es la suya)',
  captureReasonOwnGuessedPrivate:
    '{who} {ips}: una suposición, la dirección privada (dos direcciones aparecen en los mismos datagramas de su captura, y ni su capa de enlace, ni los puertos del Servidor ni los TTL dicen cuál es la suya)',
  captureWhoAlice: 'Alice',
  captureWhoBob: 'Bob',
  captureReasonSwapped: 'Alice y Bob intercambiados a mano',
  captureReasonNatSymmetric:
    '{inner} salió por el puerto {port1} hacia {remote1} y por el {port2} hacia {remote2}',
  captureReasonNatFullCone: '{remote} entró por el puerto {port}, que nunca había enviado a {ip}',
  captureReasonNatRestrictedCone:
    '{remote} entró por el puerto {port}, que había enviado a {ip} pero nunca a su puerto {remotePort}',
  captureReasonNatPortRestrictedCone:
    '{remote} fue descartado en el puerto {port}, que había enviado a {ip} desde otro puerto',
  captureReasonNatNoneCrossed:
    'ningún paquete lo cruzó en la captura; la predicción supone Linux MASQUERADE',
  captureReasonNatNoEvidence:
    'no entró nada que un NAT más estricto o más permisivo hubiera tratado de otro modo; la predicción supone Linux MASQUERADE',
  // Los relojes de las máquinas de una captura, cada uno en el del Servidor (src/app/capture-clocks.ts, capture-summary)
  captureClocksHeading: 'Relojes',
  captureClockOfServer: 'del Servidor',
  captureClockOfPeer: 'de {who}',
  captureClockBehind: 'El reloj de {who} iba {least}{span} por detrás del reloj {of}',
  captureClockAhead: 'El reloj de {who} iba {least}{span} por delante del reloj {of}',
  captureClockAtLeast: 'al menos ',
  captureClockWithin: ', con un margen de {span}',
  captureClockMoved: ': sus paquetes se movieron {signed} antes de emparejarlos',
  captureClockKept: ': no se movieron, se mantienen las horas grabadas',
  captureClockSeen:
    ' ({out} {out#datagrama|datagramas} que envió y {back} que recibió, también en la captura {of}).',
  captureClockAgrees: 'El reloj de {who} concuerda con el reloj {of}',
  captureClockNone:
    'El reloj de {who}: sin comparar, ningún datagrama está a la vez en su captura y en la {of}; sus horas quedan como se grabaron.',
  captureClockContradictory:
    'El reloj de {who}: sin mover, porque los datagramas que están en su captura y en la {of} se contradicen: ningún desfase hace que cada llegada sea posterior a su envío',
  captureKeepClocks: 'Mantener las horas grabadas (no corregir los relojes de las máquinas)',
  // La reproducción de una captura: lo que vio en los routers (src/app/real-timeline.ts, lab-real-sim, lab-run-view)
  labDiffDroppedAt: 'se predijo entregado y de verdad se descartó en {node}',
  labRealObserved:
    'Las reescrituras y descartes de los NAT son los que la captura vio en los routers (el mismo datagrama antes y después de cada NAT); aun así se supone que un mapeo vive los 30 s de timeout UDP de Linux, 120 s si hubo respuesta, porque la captura no lo ve caducar.',
  labRealNatGuessed: '{router}: se comportó como {preset} (deducido de la captura)',
  labRealNatObserved: '{router}: tipo desconocido, sus reescrituras solo observadas',
  labRealNatInferred: '{router}: tipo desconocido, sus reescrituras deducidas de los extremos',
  // Datagramas que nunca llegaron, en el diagrama de secuencia (src/app/sequence-fate.ts, nat-sequence-never)
  seqNeverHeading: 'Nunca llegaron',
  seqNeverCount: '{n} nunca llegaron',
  seqNeverLatest: 'los últimos {shown} de {n}:',
  seqNeverItem: '#{id} {text}, de {from} a {dst}',
  seqNeverDropped: 'nunca llegó: descartado por {node}: {reason}',
  seqNeverLost:
    'nunca llegó: perdido (se envió y ninguna máquina dijo haberlo recibido; no se sabe dónde se perdió)',
  seqLostLabel: 'perdido: nadie lo recibió',
  // Las direcciones de una ejecución real por papel, junto a las de la predicción (src/app/run-addresses.ts, lab-run-addresses)
  labAddrHeading: 'Direcciones por papel',
  labAddrRole: 'Papel',
  labAddrThisRun: 'Esta ejecución',
  labAddrPublic: '{router}, dirección pública',
  labAddrUnseen: 'no se vio en esta ejecución',
  labAddrRenamed:
    'La predicción se dibuja con las direcciones de esta ejecución (el modelo hace los mismos pasos con ellas), así que el mismo papel tiene la misma dirección en los dos lados.',
  labAddrRenamedButServer:
    'La predicción se dibuja con las direcciones de esta ejecución, salvo la del Servidor: un programa del modelo se sabe de memoria la dirección del Servidor de la lección.',
  labAddrKeptStory:
    'La predicción conserva las direcciones de la lección: con las de esta ejecución el modelo no haría los mismos pasos. Compara cada papel por su fila aquí.',
  labAddrKeptShared:
    'Esta ejecución dio la misma dirección a varias máquinas (una sola máquina, en loopback), así que la predicción conserva las direcciones de la lección. Compara cada papel por su fila aquí.',
  labAddrPending:
    'Mientras la ejecución sigue, la predicción conserva las direcciones de la lección; cuando acaba, se dibuja con las de esta ejecución.',
  labAddrKeptUnseen:
    'Esta ejecución no muestra las direcciones de sus máquinas, así que la predicción conserva las de la lección.',
};
