import type { SentVia } from '../types';
import type { Facts, Language } from './language';

const VIA: Record<SentVia, string> = {
  email: ' por correo electrónico',
  matrix: ' por un mensaje de Matrix',
  'web-form': ' mediante el formulario de contacto del sitio web',
  post: ' por correo postal',
  other: '',
};
const via = (f: Facts) => (f.via ? VIA[f.via] : '');
const n = (f: Facts, one: string, many: string) => (f.one ? one : many);
const c = (f: Facts, one: string, many: string) => (f.oneController ? one : many);

export const es: Language = {
  locale: 'es-ES',
  colon: ': ',
  subject: {
    erasure: () => 'Solicitud de supresión de los archivos que subí (art. 17 RGPD)',
    'follow-up': (f) => `Recordatorio: mi solicitud de supresión del ${f.sent} (art. 17 RGPD)`,
    complaint: (f) => `Reclamación conforme al art. 77 RGPD: solicitud de supresión no atendida por ${f.hosts}`,
  },
  greeting: 'Buenos días:',
  authorityGreeting: 'Señoras y señores:',
  closing: 'Atentamente,',
  labels: {
    to: 'A',
    date: 'Fecha',
    alias: 'Alias',
    mxc: 'URI MXC',
    fileName: 'Nombre de archivo original',
    type: 'Tipo',
    uploaded: 'Subido',
    account: 'Cuenta',
    myAccount: 'Mi cuenta',
    room: 'Sala',
    event: 'Evento',
    redacted: 'Mensaje eliminado',
    encrypted: 'Cifrado de extremo a extremo',
    sentTo: 'Mi solicitud se envió a',
  },
  headings: {
    files: 'Archivos que deben suprimirse',
    filesConcerned: 'Archivos afectados',
    appendix: 'Anexo: cómo suprimir estos archivos (para la administración)',
    whyNot: (one) => `Por qué no pude borrar${one ? 'lo' : 'los'} por mi cuenta:`,
  },
  reasons: {
    'no-user-delete': 'El servidor no ofrece a los usuarios ninguna forma de borrar los archivos subidos.',
    'no-api-key': 'El servicio de imágenes del servidor (pict-rs) no tiene configurada una clave de API, por lo que fallan los borrados hechos por los usuarios.',
    'no-delete-token': 'No dispongo de un token de borrado para el archivo.',
    'server-copy': 'El servidor creó esta copia de mi imagen por sí mismo (la miniatura de una publicación); no pertenece a ninguna cuenta, así que no puedo borrarla.',
    'no-server-record': 'El servidor no tiene ningún registro que vincule el archivo con mi cuenta (por ejemplo, en archivos subidos antes de Lemmy 0.19.0).',
    'still-served': 'Borré el archivo, pero se sigue sirviendo (con otro alias o desde una caché).',
  },
  topics: {
    'lemmy-1.0-purge':
      'Lemmy 1.0: la llamada de API de administración DELETE /api/v4/image purga cada archivo junto con todos sus alias y variantes. Ejecútela una vez por archivo, con el token de sesión de un administrador.',
    'lemmy-pictrs-purge':
      'Lemmy 0.19 y anteriores: pida directamente a pict-rs que purgue cada archivo, lo que elimina todos sus alias y variantes. Ejecute los comandos donde escucha pict-rs (por ejemplo, dentro de su contenedor), con la clave de API de la configuración de pict-rs.',
    'lemmy-admin-uploads':
      'Desde Lemmy 0.19.4, los ajustes de administración muestran cada archivo subido con su autor; así puede comprobar que no queda nada.',
    'synapse-delete-media':
      'Synapse: esta llamada de API de administración borra un archivo multimedia local con sus miniaturas. Ejecútela una vez por archivo, con un token de acceso de administrador.',
    'synapse-delete-user-media':
      'Synapse: esta llamada borra todos los archivos que subió la cuenta, hasta 100 por llamada. Repítala hasta que la respuesta indique "total": 0.',
    'synapse-caveats':
      'Tenga en cuenta que desactivar la cuenta con "erase": true no borra sus archivos multimedia, y que la cuarentena bloquea las descargas pero conserva el archivo. Los archivos guardados en un proveedor de almacenamiento externo (como S3) también deben borrarse allí.',
    'matrix-media-repo-purge':
      'matrix-media-repo: esta llamada de administración purga el archivo del repositorio multimedia. Ejecútela con el token de acceso de un administrador del servidor.',
    'continuwuity-delete': 'continuwuity: envíe estos comandos en la sala de administración del servidor; cada uno borra un archivo.',
    'remote-copies':
      'Otros servidores federados con el suyo pueden conservar copias en caché de estos archivos, que solo sus administradores pueden eliminar. Le ruego que les transmita esta solicitud (artículo 17, apartado 2).',
  },
  appendixIntro: (vars) =>
    'Los pasos están agrupados por servidor. Cada comando puede copiarse tal cual.' +
    (vars
      ? ' Las palabras que empiezan por $ son variables de shell para sus propias credenciales (un token de acceso de administrador, la clave de API de pict-rs): defínalas primero.'
      : ''),

  erasure: (f) => [
    `Subí a ${f.hosts} ${n(f, 'el archivo que se indica', 'los archivos que se indican')} más abajo, que ${n(f, 'contiene', 'contienen')} datos personales míos. ` +
      'Conforme al artículo 17, apartado 1, del Reglamento General de Protección de Datos (RGPD), le solicito que ' +
      `${n(f, 'lo suprima', 'los suprima')}: retiro cualquier consentimiento que hubiera dado para su conservación y publicación (letra b), ` +
      `y ya no ${n(f, 'es necesario', 'son necesarios')} para la finalidad con la que ${n(f, 'lo subí', 'los subí')} (letra a).`,
    `No puedo ${n(f, 'eliminarlo', 'eliminarlos')} por completo por mi cuenta.` + (f.reasons ? ' La lista indica el motivo para cada servidor.' : ''),
    [
      `Le ruego que suprima ${n(f, 'el archivo', 'cada archivo')} por completo, y no solo en la dirección indicada:`,
      ...(f.lemmy
        ? [
            '- cada alias: el servidor de imágenes de Lemmy (pict-rs) guarda una sola vez los archivos idénticos y los sirve con varios alias, por lo que al borrar un alias el mismo archivo puede seguir en línea con otro;',
          ]
        : []),
      `- cada miniatura, versión redimensionada u otra variante derivada${f.matrix ? ', incluidas las miniaturas que genera un servidor de Matrix' : ''};`,
      '- las copias en cachés y en el almacenamiento que utiliza el servidor (por ejemplo, almacenamiento de objetos).',
    ].join('\n'),
    `${n(f, 'El archivo se puso', 'Los archivos se pusieron')} a disposición de otras personas y servidores. En la medida en que usted ` +
      `${n(f, 'lo haya hecho público', 'los haya hecho públicos')}, el artículo 17, apartado 2, le obliga a adoptar medidas razonables para informar ` +
      `a los demás responsables que ${n(f, 'lo', 'los')} tratan, en particular a los servidores federados que ${n(f, 'lo', 'los')} hayan copiado ` +
      `o almacenado en caché, de que he solicitado la supresión de cualquier enlace a ${n(f, 'este archivo', 'estos archivos')} y de cualquier ` +
      `copia o réplica de ${n(f, 'él', 'ellos')}.`,
    `Conforme al artículo 19, le ruego que comunique la supresión a cada destinatario al que se ${n(f, 'haya comunicado el archivo', 'hayan comunicado los archivos')}, ` +
      'y que me informe de quiénes son esos destinatarios.',
    'Según el artículo 12, apartado 3, debe atender esta solicitud sin dilación indebida y, a más tardar, en el plazo de un mes a partir de su ' +
      `recepción, es decir, a más tardar el ${f.due}. Ese plazo solo puede prorrogarse otros dos meses en caso necesario, y tendría que ` +
      'comunicármelo dentro del primer mes, indicando los motivos. Si no va a atender alguna parte de esta solicitud, le ruego que me indique ' +
      'cuál y por qué (artículo 12, apartado 4).',
    'Le ruego que me confirme por escrito cuando se haya completado la supresión.' +
      (f.appendix ? ' Al final de esta carta encontrará los comandos exactos para hacerlo según el software de su servidor.' : ''),
  ],

  followUp: (f) => [
    `El ${f.sent} le solicité${via(f)} que suprimiera, conforme al artículo 17 del RGPD, ${n(f, 'el archivo que se indica', 'los archivos que se indican')} más abajo. ` +
      `El plazo de un mes del artículo 12, apartado 3, del RGPD venció el ${f.due}. ` +
      'No he recibido ninguna respuesta que resuelva mi solicitud, ni aviso alguno de prórroga del plazo.',
    `Le ruego que suprima ${n(f, 'el archivo', 'los archivos')}, con cada alias, miniatura y variante, que informe a los demás responsables y ` +
      `destinatarios como le pedí (artículo 17, apartado 2, y artículo 19) y que me lo confirme a más tardar el ${f.replyBy}.`,
    'Si para entonces no tengo noticias suyas, presentaré una reclamación ante una autoridad de control conforme al artículo 77 del RGPD.',
    `Como referencia, vuelvo a indicar ${n(f, 'el archivo', 'los archivos')} más abajo` +
      (f.appendix ? `, ${n(f, 'seguido de los comandos para suprimirlo', 'seguidos de los comandos para suprimirlos')}.` : '.'),
  ],

  complaint: (f, controllers) => [
    'Presento una reclamación conforme al artículo 77 del RGPD. ' +
      `${c(f, 'El responsable del tratamiento indicado más abajo no ha', 'Los responsables del tratamiento indicados más abajo no han')} ` +
      'atendido mi solicitud de supresión de datos personales basada en el artículo 17 del RGPD.',
    `## ${c(f, 'Responsable del tratamiento', 'Responsables del tratamiento')}\n\n${controllers}`,
    [
      '## Hechos',
      '',
      `- ${f.sent}: solicité${via(f)} ${c(f, 'al responsable', 'a los responsables')} que ${c(f, 'suprimiera', 'suprimieran')} ` +
        `${n(f, 'el archivo indicado', 'los archivos indicados')} más abajo (artículo 17, apartado 1), que ${c(f, 'informara', 'informaran')} a los ` +
        `demás responsables que ${n(f, 'lo', 'los')} tratan (artículo 17, apartado 2) y que ${c(f, 'comunicara', 'comunicaran')} la supresión a los ` +
        'destinatarios (artículo 19). Pedí que se suprimiera cada alias y cada variante de cada archivo.',
      `- ${f.due}: venció el plazo de un mes del artículo 12, apartado 3, sin una respuesta que resolviera mi solicitud ni aviso de prórroga.`,
      ...(f.followUp ? [`- ${f.followUp}: envié un recordatorio con un nuevo plazo de dos semanas, que tampoco tuvo resultado.`] : []),
      `- Que yo sepa, ${n(f, 'el archivo sigue sin suprimirse', 'los archivos siguen sin suprimirse')} a día de hoy (${f.written}).`,
    ].join('\n'),
    [
      '## Pruebas',
      '',
      '- la lista de archivos que figura más abajo, con sus direcciones, identificadores y fechas de subida;',
      `- copias de mi solicitud${f.followUp ? ' y de mi recordatorio' : ''}, adjuntas o disponibles si se me piden;`,
      ...(f.appendix ? ['- mi solicitud incluía, para la administración, los comandos exactos para suprimir cada archivo.'] : []),
    ].join('\n'),
    '## Lo que solicito',
    `Solicito que examinen esta reclamación, que ordenen ${c(f, 'al responsable', 'a los responsables')} suprimir ${n(f, 'el archivo', 'los archivos')} ` +
      'e informar a los demás responsables y destinatarios (artículo 58, apartado 2, letras c) y g), del RGPD), y que me informen del curso ' +
      'y del resultado de la reclamación (artículo 77, apartado 2, del RGPD).',
  ],
};
