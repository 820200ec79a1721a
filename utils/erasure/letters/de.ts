import type { SentVia } from '../types';
import type { Facts, Language } from './language';

const VIA: Record<SentVia, string> = {
  email: ' per E-Mail',
  matrix: ' per Matrix-Nachricht',
  'web-form': ' über das Kontaktformular der Website',
  post: ' per Post',
  other: '',
};
const via = (f: Facts) => (f.via ? VIA[f.via] : '');
const n = (f: Facts, one: string, many: string) => (f.one ? one : many);
const c = (f: Facts, one: string, many: string) => (f.oneController ? one : many);

// After the salutation ("Guten Tag,") a German letter goes on in lower case.
export const de: Language = {
  locale: 'de-DE',
  colon: ': ',
  subject: {
    erasure: () => 'Antrag auf Löschung meiner hochgeladenen Dateien (Art. 17 DSGVO)',
    'follow-up': (f) => `Erinnerung: mein Löschantrag vom ${f.sent} (Art. 17 DSGVO)`,
    complaint: (f) => `Beschwerde nach Art. 77 DSGVO: Löschantrag an ${f.hosts} nicht erfüllt`,
  },
  greeting: 'Guten Tag,',
  authorityGreeting: 'Sehr geehrte Damen und Herren,',
  closing: 'Mit freundlichen Grüßen',
  labels: {
    to: 'An',
    date: 'Datum',
    alias: 'Alias',
    mxc: 'MXC-URI',
    fileName: 'Ursprünglicher Dateiname',
    type: 'Typ',
    uploaded: 'Hochgeladen',
    account: 'Konto',
    myAccount: 'Mein Konto',
    room: 'Raum',
    event: 'Ereignis',
    redacted: 'Nachricht entfernt',
    encrypted: 'Ende-zu-Ende-verschlüsselt',
    sentTo: 'Mein Antrag ging an',
  },
  headings: {
    files: 'Zu löschende Dateien',
    filesConcerned: 'Betroffene Dateien',
    appendix: 'Anhang: So löschen Sie diese Dateien (für die Administration)',
    whyNot: () => 'Warum ich sie nicht selbst löschen konnte:',
  },
  reasons: {
    'no-user-delete': 'Der Server bietet Nutzern keine Möglichkeit, hochgeladene Dateien zu löschen.',
    'no-api-key': 'Für den Bilddienst des Servers (pict-rs) ist kein API-Schlüssel eingerichtet, daher schlagen Löschungen durch Nutzer fehl.',
    'no-delete-token': 'Für den Upload liegt mir kein Löschtoken vor.',
    'server-copy': 'Der Server hat diese Kopie meines Bildes selbst angelegt (ein Vorschaubild eines Beitrags); sie gehört keinem Konto, daher kann ich sie nicht löschen.',
    'no-server-record': 'Der Server hat keinen Eintrag, der den Upload meinem Konto zuordnet (etwa bei Uploads vor Lemmy 0.19.0).',
    'still-served': 'Ich habe den Upload gelöscht, aber die Datei wird weiterhin ausgeliefert (unter einem anderen Alias oder aus einem Cache).',
  },
  topics: {
    'lemmy-1.0-purge':
      'Lemmy 1.0: Der Admin-API-Aufruf DELETE /api/v4/image löscht jede Datei samt allen Aliasen und Varianten endgültig (Purge). Einmal pro Datei ausführen, mit dem Anmeldetoken eines Admins.',
    'lemmy-pictrs-purge':
      'Lemmy 0.19 und älter: pict-rs selbst anweisen, jede Datei endgültig zu löschen (Purge); das entfernt jeden Alias und jede Variante. Dort ausführen, wo pict-rs erreichbar ist (etwa im pict-rs-Container), mit dem API-Schlüssel aus der pict-rs-Konfiguration.',
    'lemmy-admin-uploads':
      'Ab Lemmy 0.19.4 listen die Admin-Einstellungen jeden Upload mit seinem Uploader auf; dort lässt sich prüfen, dass nichts übrig ist.',
    'synapse-delete-media':
      'Synapse: Dieser Admin-API-Aufruf löscht eine lokale Mediendatei samt Vorschaubildern. Einmal pro Datei ausführen, mit einem Admin-Zugriffstoken.',
    'synapse-delete-user-media':
      'Synapse: Dieser Aufruf löscht alle Dateien, die das Konto hochgeladen hat, bis zu 100 pro Aufruf. Wiederholen, bis die Antwort "total": 0 enthält.',
    'synapse-caveats':
      'Bitte beachten: Die Deaktivierung des Kontos mit "erase": true löscht seine Medien nicht, und eine Quarantäne sperrt nur den Abruf, die Datei bleibt erhalten. Dateien bei einem externen Speicheranbieter (etwa S3) müssen auch dort entfernt werden.',
    'matrix-media-repo-purge':
      'matrix-media-repo: Dieser Admin-Aufruf löscht die Datei endgültig aus dem Medien-Repository. Mit dem Zugriffstoken eines Homeserver-Admins ausführen.',
    'continuwuity-delete': 'continuwuity: Diese Befehle im Admin-Raum des Servers senden; jeder löscht eine Datei.',
    'remote-copies':
      'Andere Server, die mit Ihrem föderieren, können zwischengespeicherte Kopien dieser Dateien haben, die nur deren Admins entfernen können. Bitte leiten Sie diesen Antrag an sie weiter (Art. 17 Abs. 2).',
  },
  appendixIntro: (vars) =>
    'Die Schritte sind nach Server geordnet. Jeder Befehl kann unverändert kopiert werden.' +
    (vars ? ' Wörter, die mit $ beginnen, sind Shell-Variablen für Ihre eigenen Zugangsdaten (ein Admin-Zugriffstoken, der API-Schlüssel von pict-rs): Setzen Sie sie zuerst.' : ''),

  erasure: (f) => [
    `ich habe die unten ${n(f, 'aufgeführte Datei', 'aufgeführten Dateien')} auf ${f.hosts} hochgeladen. ${n(f, 'Sie enthält', 'Sie enthalten')} personenbezogene Daten über mich. ` +
      'Nach Art. 17 Abs. 1 der Datenschutz-Grundverordnung (DSGVO) verlange ich ihre Löschung: Ich widerrufe jede Einwilligung in ihre Speicherung und ' +
      `Veröffentlichung (Buchst. b), und für den Zweck, zu dem ich sie hochgeladen habe, ${n(f, 'wird', 'werden')} sie nicht mehr benötigt (Buchst. a).`,
    'Ich kann sie selbst nicht vollständig entfernen.' + (f.reasons ? ' Die Liste unten nennt die Gründe je Server.' : ''),
    [
      `Bitte löschen Sie ${n(f, 'die Datei', 'jede Datei')} vollständig, nicht nur unter der angegebenen Adresse:`,
      ...(f.lemmy
        ? [
            '- jeden Alias: Der Bildserver von Lemmy (pict-rs) speichert gleiche Dateien nur einmal und liefert sie unter mehreren Aliasen aus; wird ein Alias gelöscht, kann dieselbe Datei unter einem anderen online bleiben;',
          ]
        : []),
      `- jedes Vorschaubild, jede verkleinerte Fassung und jede andere daraus erzeugte Variante${f.matrix ? ', auch die Vorschaubilder, die ein Matrix-Homeserver erzeugt' : ''};`,
      '- Kopien in Caches und im Speicher hinter dem Server (etwa einem Objektspeicher).',
    ].join('\n'),
    `${n(f, 'Die Datei wurde', 'Die Dateien wurden')} anderen Menschen und Servern zugänglich gemacht. Soweit Sie sie öffentlich gemacht haben, ` +
      'müssen Sie nach Art. 17 Abs. 2 angemessene Maßnahmen treffen, um die anderen Verantwortlichen, die sie verarbeiten – insbesondere föderierte ' +
      'Server, die sie kopiert oder zwischengespeichert haben –, darüber zu informieren, dass ich die Löschung aller Links zu ' +
      `${n(f, 'dieser Datei', 'diesen Dateien')} sowie aller Kopien und Replikationen verlangt habe.`,
    `Bitte teilen Sie nach Art. 19 allen Empfängern, denen ${n(f, 'die Datei offengelegt wurde', 'die Dateien offengelegt wurden')}, die Löschung mit, und nennen Sie mir diese Empfänger.`,
    `Nach Art. 12 Abs. 3 müssen Sie diesen Antrag unverzüglich, spätestens aber innerhalb eines Monats nach Eingang bearbeiten, also bis zum ${f.due}. ` +
      'Eine Verlängerung um zwei weitere Monate ist nur möglich, wenn sie erforderlich ist, und Sie müssten sie mir innerhalb des ersten Monats mit ' +
      'Gründen mitteilen. Wenn Sie einem Teil dieses Antrags nicht nachkommen, teilen Sie mir bitte mit, welchem und warum (Art. 12 Abs. 4).',
    'Bitte bestätigen Sie mir schriftlich, sobald die Löschung erfolgt ist.' +
      (f.appendix ? ' Am Ende dieses Schreibens finden Sie die genauen Befehle dafür, passend zu Ihrer Serversoftware.' : ''),
  ],

  followUp: (f) => [
    `am ${f.sent} habe ich Sie${via(f)} aufgefordert, die unten ${n(f, 'aufgeführte Datei', 'aufgeführten Dateien')} nach Art. 17 DSGVO zu löschen. ` +
      `Die Monatsfrist nach Art. 12 Abs. 3 DSGVO ist am ${f.due} abgelaufen. ` +
      'Eine Antwort, die mein Anliegen erledigt, habe ich nicht erhalten, ebenso wenig eine Mitteilung über eine Fristverlängerung.',
    `Bitte löschen Sie ${n(f, 'die Datei', 'die Dateien')} mit jedem Alias, jedem Vorschaubild und jeder Variante, informieren Sie die anderen ` +
      `Verantwortlichen und Empfänger wie in meinem Antrag verlangt (Art. 17 Abs. 2 und Art. 19), und bestätigen Sie mir dies bis zum ${f.replyBy}.`,
    'Sollte ich bis dahin nichts von Ihnen hören, werde ich mich nach Art. 77 DSGVO bei einer Aufsichtsbehörde beschweren.',
    `Zur Erinnerung ${n(f, 'ist die Datei', 'sind die Dateien')} unten noch einmal aufgeführt` +
      (f.appendix ? ', gefolgt von den Befehlen zum Löschen.' : '.'),
  ],

  complaint: (f, controllers) => [
    'hiermit lege ich Beschwerde nach Art. 77 DSGVO ein. ' +
      `${c(f, 'Der unten genannte Verantwortliche hat', 'Die unten genannten Verantwortlichen haben')} meinen Antrag auf Löschung ` +
      'personenbezogener Daten nach Art. 17 DSGVO nicht erfüllt.',
    `## ${c(f, 'Verantwortlicher', 'Verantwortliche')}\n\n${controllers}`,
    [
      '## Ablauf',
      '',
      `- ${f.sent}: Ich habe ${c(f, 'den Verantwortlichen', 'die Verantwortlichen')}${via(f)} aufgefordert, die unten ` +
        `${n(f, 'aufgeführte Datei', 'aufgeführten Dateien')} zu löschen (Art. 17 Abs. 1), andere Verantwortliche, die sie verarbeiten, ` +
        'zu informieren (Art. 17 Abs. 2) und Empfänger zu benachrichtigen (Art. 19). Ich habe verlangt, jeden Alias und jede Variante jeder Datei zu löschen.',
      `- ${f.due}: Die Monatsfrist nach Art. 12 Abs. 3 ist abgelaufen, ohne dass ich eine Antwort, die mein Anliegen erledigt, oder eine Mitteilung über eine Verlängerung erhalten habe.`,
      ...(f.followUp ? [`- ${f.followUp}: Ich habe eine Erinnerung mit einer Frist von zwei Wochen geschickt; auch sie führte nicht zur Löschung.`] : []),
      `- Soweit ich weiß, ${n(f, 'ist die Datei', 'sind die Dateien')} bis heute (${f.written}) nicht gelöscht.`,
    ].join('\n'),
    [
      '## Nachweise',
      '',
      '- die Liste der Dateien unten mit Adressen, Kennungen und Upload-Zeitpunkten;',
      `- Kopien meines Antrags${f.followUp ? ' und meiner Erinnerung' : ''}; sie liegen bei oder werden auf Anfrage nachgereicht;`,
      ...(f.appendix ? ['- mein Antrag enthielt für die Administration genaue Befehle, mit denen sich jede Datei löschen lässt.'] : []),
    ].join('\n'),
    '## Mein Anliegen',
    `Ich bitte Sie, diese Beschwerde zu prüfen, ${c(f, 'den Verantwortlichen', 'die Verantwortlichen')} anzuweisen, ` +
      `${n(f, 'die Datei', 'die Dateien')} zu löschen und die anderen Verantwortlichen und Empfänger zu informieren ` +
      '(Art. 58 Abs. 2 Buchst. c und g DSGVO), und mich über den Stand und das Ergebnis der Beschwerde zu unterrichten (Art. 77 Abs. 2 DSGVO).',
  ],
};
