import type { SentVia } from '../types';
import type { Facts, Language } from './language';

const VIA: Record<SentVia, string> = {
  email: ' via e-mail',
  matrix: ' con un messaggio Matrix',
  'web-form': ' tramite il modulo di contatto del sito',
  post: ' per posta',
  other: '',
};
const via = (f: Facts) => (f.via ? VIA[f.via] : '');
const n = (f: Facts, one: string, many: string) => (f.one ? one : many);
const c = (f: Facts, one: string, many: string) => (f.oneController ? one : many);

// Dates starting with 8 or 11 ("otto", "undici") take an elided article: "l'8 marzo", "dell'11 marzo".
const elides = (date: string) => /^(?:8|11) /.test(date);
const il = (date: string) => (elides(date) ? `l'${date}` : `il ${date}`);
const del = (date: string) => (elides(date) ? `dell'${date}` : `del ${date}`);
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export const it: Language = {
  locale: 'it-IT',
  colon: ': ',
  fixDate: (date) => date.replace(/^1 /, '1º '),
  subject: {
    erasure: () => 'Richiesta di cancellazione dei file da me caricati (art. 17 GDPR)',
    'follow-up': (f) => `Sollecito: la mia richiesta di cancellazione ${del(f.sent)} (art. 17 GDPR)`,
    complaint: (f) => `Reclamo ai sensi dell'art. 77 GDPR: richiesta di cancellazione non evasa da ${f.hosts}`,
  },
  greeting: 'Buongiorno,',
  authorityGreeting: 'Spettabile Autorità,',
  closing: 'Cordiali saluti,',
  labels: {
    to: 'A',
    date: 'Data',
    alias: 'Alias',
    mxc: 'URI MXC',
    fileName: 'Nome file originale',
    type: 'Tipo',
    uploaded: 'Caricato',
    account: 'Account',
    myAccount: 'Il mio account',
    room: 'Stanza',
    event: 'Evento',
    redacted: 'Messaggio rimosso',
    encrypted: 'Cifrato end-to-end',
    sentTo: 'La mia richiesta è stata inviata a',
  },
  headings: {
    files: 'File da cancellare',
    filesConcerned: 'File interessati',
    appendix: "Allegato: come cancellare questi file (per l'amministratore)",
    whyNot: (one) => `Perché non ho potuto cancellar${one ? 'lo' : 'li'} in autonomia:`,
  },
  reasons: {
    'no-user-delete': 'Il server non offre agli utenti alcun modo per cancellare i file caricati.',
    'no-api-key': 'Il servizio immagini del server (pict-rs) non ha una chiave API configurata, quindi le cancellazioni richieste dagli utenti non riescono.',
    'no-delete-token': 'Non dispongo di un token di cancellazione per il file.',
    'server-copy': "Il server ha creato da sé questa copia della mia immagine (la miniatura di un post); non appartiene a nessun account, quindi non posso cancellarla.",
    'no-server-record': 'Il server non ha alcuna registrazione che colleghi il file al mio account (ad esempio per i file caricati prima di Lemmy 0.19.0).',
    'still-served': 'Ho cancellato il file, ma viene ancora servito (con un altro alias o da una cache).',
  },
  topics: {
    'lemmy-1.0-purge':
      'Lemmy 1.0: la chiamata API di amministrazione DELETE /api/v4/image elimina definitivamente ogni file con tutti i suoi alias e varianti (purge). Eseguitela una volta per file, con il token di accesso di un amministratore.',
    'lemmy-pictrs-purge':
      'Lemmy 0.19 e precedenti: chiedete direttamente a pict-rs di eliminare definitivamente ogni file (purge), il che rimuove ogni alias e variante. Eseguite i comandi dove pict-rs è in ascolto (ad esempio nel suo container), con la chiave API della configurazione di pict-rs.',
    'lemmy-admin-uploads':
      'Da Lemmy 0.19.4 le impostazioni di amministrazione elencano ogni file caricato con il suo autore: lì potete verificare che non resti nulla.',
    'synapse-delete-media':
      'Synapse: questa chiamata API di amministrazione cancella un file multimediale locale con le sue miniature. Eseguitela una volta per file, con un token di accesso da amministratore.',
    'synapse-delete-user-media':
      'Synapse: questa chiamata cancella tutti i file caricati dall\'account, fino a 100 per chiamata. Ripetetela finché la risposta non indica "total": 0.',
    'synapse-caveats':
      'Attenzione: disattivare l\'account con "erase": true non cancella i suoi file multimediali, e la quarantena blocca i download ma conserva il file. I file conservati presso un fornitore di storage esterno (come S3) vanno rimossi anche lì.',
    'matrix-media-repo-purge':
      "matrix-media-repo: questa chiamata di amministrazione elimina definitivamente il file dal repository dei media. Eseguitela con il token di accesso di un amministratore dell'homeserver.",
    'continuwuity-delete': 'continuwuity: inviate questi comandi nella stanza di amministrazione del server; ognuno cancella un file.',
    'remote-copies':
      'Altri server federati con il vostro possono conservare copie in cache di questi file, che solo i loro amministratori possono rimuovere. Vi chiedo di inoltrare loro questa richiesta (articolo 17, paragrafo 2).',
  },
  appendixIntro: (vars) =>
    'I passaggi sono raggruppati per server. Ogni comando può essere copiato così com\'è.' +
    (vars ? ' Le parole che iniziano con $ sono variabili di shell per le vostre credenziali (un token di accesso da amministratore, la chiave API di pict-rs): impostatele prima.' : ''),

  erasure: (f) => [
    `Ho caricato su ${f.hosts} ${n(f, 'il file indicato', 'i file indicati')} qui sotto, che ${n(f, 'contiene', 'contengono')} miei dati personali. ` +
      "Ai sensi dell'articolo 17, paragrafo 1, del Regolamento generale sulla protezione dei dati (GDPR), vi chiedo di " +
      `${n(f, 'cancellarlo', 'cancellarli')}: revoco ogni consenso alla ${n(f, 'sua', 'loro')} conservazione e pubblicazione (lettera b), ` +
      `e non ${n(f, 'è più necessario', 'sono più necessari')} per la finalità per cui ${n(f, "l'ho caricato", 'li ho caricati')} (lettera a).`,
    `Non posso ${n(f, 'rimuoverlo', 'rimuoverli')} completamente in autonomia.` + (f.reasons ? " L'elenco qui sotto indica il motivo per ciascun server." : ''),
    [
      `Vi chiedo di cancellare ${n(f, 'il file', 'ogni file')} per intero, non solo all'indirizzo indicato:`,
      ...(f.lemmy
        ? [
            '- ogni alias: il server di immagini di Lemmy (pict-rs) conserva una sola volta i file identici e li serve con più alias, quindi cancellando un alias lo stesso file può restare online con un altro;',
          ]
        : []),
      `- ogni miniatura, versione ridimensionata o altra variante derivata${f.matrix ? ', comprese le miniature generate da un homeserver Matrix' : ''};`,
      '- le copie nelle cache e nello storage usato dal server (ad esempio uno storage a oggetti).',
    ].join('\n'),
    `${n(f, 'Il file è stato reso accessibile', 'I file sono stati resi accessibili')} ad altre persone e ad altri server. Nella misura in cui ` +
      `${n(f, "l'avete reso pubblico", 'li avete resi pubblici')}, l'articolo 17, paragrafo 2, vi impone di adottare misure ragionevoli per informare ` +
      `gli altri titolari del trattamento che ${n(f, 'lo', 'li')} trattano, in particolare i server federati che ${n(f, "l'hanno copiato", 'li hanno copiati')} ` +
      `o ${n(f, 'memorizzato', 'memorizzati')} in cache, della mia richiesta di cancellare qualsiasi link a ${n(f, 'questo file', 'questi file')} e ` +
      `qualsiasi ${n(f, 'sua', 'loro')} copia o riproduzione.`,
    `Ai sensi dell'articolo 19, vi chiedo di comunicare la cancellazione a ciascun destinatario a cui ${n(f, 'il file è stato trasmesso', 'i file sono stati trasmessi')}, ` +
      'e di indicarmi chi sono tali destinatari.',
    "Ai sensi dell'articolo 12, paragrafo 3, siete tenuti a dare seguito a questa richiesta senza ingiustificato ritardo e al più tardi entro un " +
      `mese dal suo ricevimento, cioè entro ${il(f.due)}. Il termine può essere prorogato di due mesi solo se necessario, e in tal caso dovreste ` +
      'informarmene entro il primo mese, indicando i motivi. Se non intendete dare seguito a una parte di questa richiesta, indicatemi quale e ' +
      'perché (articolo 12, paragrafo 4).',
    "Vi chiedo di confermarmi per iscritto l'avvenuta cancellazione." +
      (f.appendix ? ' In fondo a questa lettera trovate i comandi esatti per farlo, a seconda del software del vostro server.' : ''),
  ],

  followUp: (f) => [
    `${capital(il(f.sent))} vi ho chiesto${via(f)} di cancellare, ai sensi dell'articolo 17 del GDPR, ${n(f, 'il file indicato', 'i file indicati')} qui sotto. ` +
      `Il termine di un mese previsto dall'articolo 12, paragrafo 3, del GDPR è scaduto ${il(f.due)}. ` +
      'Non ho ricevuto alcuna risposta che dia seguito alla mia richiesta, né alcuna comunicazione di proroga del termine.',
    `Vi chiedo di cancellare ${n(f, 'il file', 'i file')}, con ogni alias, miniatura e variante, di informare gli altri titolari del trattamento e i ` +
      `destinatari come richiesto (articolo 17, paragrafo 2, e articolo 19), e di confermarmelo entro ${il(f.replyBy)}.`,
    "Se entro quella data non avrò vostre notizie, proporrò reclamo a un'autorità di controllo ai sensi dell'articolo 77 del GDPR.",
    `Per comodità, ${n(f, 'il file è indicato', 'i file sono indicati')} di nuovo qui sotto` +
      (f.appendix ? `, ${n(f, 'seguito dai comandi per cancellarlo', 'seguiti dai comandi per cancellarli')}.` : '.'),
  ],

  complaint: (f, controllers) => [
    "Con la presente propongo reclamo ai sensi dell'articolo 77 del GDPR. " +
      `${c(f, 'Il titolare del trattamento indicato qui sotto non ha', 'I titolari del trattamento indicati qui sotto non hanno')} ` +
      "dato seguito alla mia richiesta di cancellazione di dati personali ai sensi dell'articolo 17 del GDPR.",
    `## ${c(f, 'Titolare del trattamento', 'Titolari del trattamento')}\n\n${controllers}`,
    [
      '## Fatti',
      '',
      `- ${f.sent}: ho chiesto${via(f)} ${c(f, 'al titolare', 'ai titolari')} del trattamento di cancellare ${n(f, 'il file indicato', 'i file indicati')} ` +
        `qui sotto (articolo 17, paragrafo 1), di informare gli altri titolari che ${n(f, 'lo', 'li')} trattano (articolo 17, paragrafo 2) e di ` +
        'darne comunicazione ai destinatari (articolo 19). Ho chiesto di cancellare ogni alias e ogni variante di ciascun file.',
      `- ${f.due}: il termine di un mese dell'articolo 12, paragrafo 3, è scaduto senza una risposta che desse seguito alla mia richiesta né una comunicazione di proroga.`,
      ...(f.followUp ? [`- ${f.followUp}: ho inviato un sollecito con un ulteriore termine di due settimane, anch'esso rimasto senza esito.`] : []),
      `- Per quanto mi risulta, ad oggi (${f.written}) ${n(f, 'il file non è stato cancellato', 'i file non sono stati cancellati')}.`,
    ].join('\n'),
    [
      '## Prove',
      '',
      "- l'elenco dei file qui sotto, con indirizzi, identificativi e date di caricamento;",
      `- copie della mia richiesta${f.followUp ? ' e del mio sollecito' : ''}, allegate o disponibili su richiesta;`,
      ...(f.appendix ? ["- la mia richiesta conteneva, per l'amministratore, i comandi esatti per cancellare ogni file."] : []),
    ].join('\n'),
    '## Richiesta',
    `Chiedo a codesta Autorità di esaminare il reclamo, di ordinare ${c(f, 'al titolare', 'ai titolari')} del trattamento di cancellare ` +
      `${n(f, 'il file', 'i file')} e di informarne gli altri titolari e i destinatari (articolo 58, paragrafo 2, lettere c) e g), del GDPR), ` +
      "e di informarmi sullo stato e sull'esito del reclamo (articolo 77, paragrafo 2, del GDPR).",
  ],
};
