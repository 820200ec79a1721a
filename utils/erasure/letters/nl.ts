import type { SentVia } from '../types';
import type { Facts, Language } from './language';

const VIA: Record<SentVia, string> = {
  email: ' per e-mail',
  matrix: ' via een Matrix-bericht',
  'web-form': ' via het contactformulier op de website',
  post: ' per post',
  other: '',
};
const via = (f: Facts) => (f.via ? VIA[f.via] : '');
const n = (f: Facts, one: string, many: string) => (f.one ? one : many);
const c = (f: Facts, one: string, many: string) => (f.oneController ? one : many);

export const nl: Language = {
  locale: 'nl-NL',
  colon: ': ',
  subject: {
    erasure: () => 'Verzoek om wissing van mijn geüploade bestanden (art. 17 AVG)',
    'follow-up': (f) => `Herinnering: mijn verzoek om wissing van ${f.sent} (art. 17 AVG)`,
    complaint: (f) => `Klacht op grond van art. 77 AVG: verzoek om wissing niet behandeld door ${f.hosts}`,
  },
  greeting: 'Geachte heer, mevrouw,',
  authorityGreeting: 'Geachte heer, mevrouw,',
  closing: 'Met vriendelijke groet,',
  labels: {
    to: 'Aan',
    date: 'Datum',
    alias: 'Alias',
    mxc: 'MXC-URI',
    fileName: 'Oorspronkelijke bestandsnaam',
    type: 'Type',
    uploaded: 'Geüpload',
    account: 'Account',
    myAccount: 'Mijn account',
    room: 'Kamer',
    event: 'Gebeurtenis',
    redacted: 'Bericht verwijderd',
    encrypted: 'End-to-end versleuteld',
    sentTo: 'Mijn verzoek is gestuurd aan',
  },
  headings: {
    files: 'Te wissen bestanden',
    filesConcerned: 'Betrokken bestanden',
    appendix: 'Bijlage: zo wist u deze bestanden (voor de beheerder)',
    whyNot: (one) => `Waarom ik ${one ? 'het' : 'ze'} niet zelf kon verwijderen:`,
  },
  reasons: {
    'no-user-delete': 'De server biedt gebruikers geen manier om geüploade bestanden te verwijderen.',
    'no-api-key': 'Voor de afbeeldingsdienst van de server (pict-rs) is geen API-sleutel ingesteld, waardoor verwijderingen door gebruikers mislukken.',
    'no-delete-token': 'Ik heb geen verwijdertoken voor de upload.',
    'server-copy': 'De server heeft deze kopie van mijn afbeelding zelf gemaakt (een miniatuur van een bericht); die hoort bij geen enkel account, dus ik kan haar niet verwijderen.',
    'no-server-record': 'De server heeft geen gegevens die de upload aan mijn account koppelen (bijvoorbeeld bij uploads van vóór Lemmy 0.19.0).',
    'still-served': 'Ik heb de upload verwijderd, maar het bestand wordt nog steeds geleverd (onder een andere alias of uit een cache).',
  },
  topics: {
    'lemmy-1.0-purge':
      'Lemmy 1.0: de beheer-API-aanroep DELETE /api/v4/image verwijdert elk bestand definitief, met al zijn aliassen en varianten (purge). Voer hem per bestand uit, met het inlogtoken van een beheerder.',
    'lemmy-pictrs-purge':
      'Lemmy 0.19 en ouder: laat pict-rs zelf elk bestand definitief verwijderen (purge); dat wist elke alias en variant. Voer de opdrachten uit waar pict-rs luistert (bijvoorbeeld in de container), met de API-sleutel uit de configuratie van pict-rs.',
    'lemmy-admin-uploads':
      'Vanaf Lemmy 0.19.4 tonen de beheerinstellingen elke upload met de uploader; daar kunt u controleren dat er niets is achtergebleven.',
    'synapse-delete-media':
      'Synapse: deze beheer-API-aanroep verwijdert één lokaal mediabestand met zijn miniaturen. Voer hem per bestand uit, met een beheerderstoken.',
    'synapse-delete-user-media':
      'Synapse: deze aanroep verwijdert alle bestanden die het account heeft geüpload, tot 100 per aanroep. Herhaal hem tot het antwoord "total": 0 bevat.',
    'synapse-caveats':
      'Let op: het account deactiveren met "erase": true verwijdert de media niet, en quarantaine blokkeert downloads maar bewaart het bestand. Bestanden bij een externe opslagaanbieder (zoals S3) moeten ook daar worden verwijderd.',
    'matrix-media-repo-purge':
      'matrix-media-repo: deze beheeraanroep verwijdert het bestand definitief uit de mediarepository. Voer hem uit met het toegangstoken van een beheerder van de homeserver.',
    'continuwuity-delete': 'continuwuity: stuur deze opdrachten in de beheerkamer van de server; elke opdracht verwijdert één bestand.',
    'remote-copies':
      'Andere servers die met de uwe federeren, kunnen kopieën van deze bestanden in hun cache bewaren, die alleen hun beheerders kunnen verwijderen. Stuur dit verzoek alstublieft aan hen door (artikel 17, lid 2).',
  },
  appendixIntro: (vars) =>
    'De stappen zijn per server gegroepeerd. Elke opdracht kan ongewijzigd worden gekopieerd.' +
    (vars ? ' Woorden die met $ beginnen, zijn shellvariabelen voor uw eigen inloggegevens (een beheerderstoken, de API-sleutel van pict-rs): stel ze eerst in.' : ''),

  erasure: (f) => [
    `Ik heb ${n(f, 'het hieronder vermelde bestand', 'de hieronder vermelde bestanden')} geüpload naar ${f.hosts}. ` +
      `${n(f, 'Het bevat', 'Ze bevatten')} persoonsgegevens over mij. Op grond van artikel 17, lid 1, van de Algemene verordening ` +
      `gegevensbescherming (AVG) verzoek ik u ${n(f, 'het', 'ze')} te wissen: ik trek elke toestemming voor de opslag en publicatie ervan in ` +
      `(onder b), en ${n(f, 'het is', 'ze zijn')} niet langer nodig voor het doel waarvoor ik ${n(f, 'het', 'ze')} heb geüpload (onder a).`,
    `Zelf kan ik ${n(f, 'het', 'ze')} niet volledig verwijderen.` + (f.reasons ? ' De lijst hieronder vermeldt per server waarom.' : ''),
    [
      `Wis ${n(f, 'het bestand', 'elk bestand')} alstublieft volledig, en niet alleen op het vermelde adres:`,
      ...(f.lemmy
        ? [
            '- elke alias: de afbeeldingsserver van Lemmy (pict-rs) slaat identieke bestanden maar één keer op en levert ze onder meerdere aliassen; wie één alias verwijdert, kan hetzelfde bestand onder een andere alias online laten staan;',
          ]
        : []),
      `- elke miniatuur, verkleinde versie en andere variant die ervan is gemaakt${f.matrix ? ', ook de miniaturen die een Matrix-homeserver aanmaakt' : ''};`,
      '- kopieën in caches en in de opslag achter de server (zoals objectopslag).',
    ].join('\n'),
    `${n(f, 'Het bestand is', 'De bestanden zijn')} beschikbaar gemaakt voor andere mensen en servers. Voor zover u ${n(f, 'het', 'ze')} openbaar ` +
      'hebt gemaakt, moet u op grond van artikel 17, lid 2, redelijke maatregelen nemen om de andere verwerkingsverantwoordelijken die ' +
      `${n(f, 'het', 'ze')} verwerken, met name gefedereerde servers die ${n(f, 'het', 'ze')} hebben gekopieerd of in hun cache bewaren, te laten weten ` +
      `dat ik heb verzocht om wissing van elke link naar ${n(f, 'dit bestand', 'deze bestanden')} en van elke kopie of reproductie ervan.`,
    `Stel op grond van artikel 19 alstublieft elke ontvanger aan wie ${n(f, 'het bestand is', 'de bestanden zijn')} verstrekt in kennis van de wissing, ` +
      'en laat mij weten wie die ontvangers zijn.',
    'Op grond van artikel 12, lid 3, moet u dit verzoek onverwijld en uiterlijk binnen een maand na ontvangst behandelen, dus uiterlijk op ' +
      `${f.due}. Die termijn kan alleen zo nodig met twee maanden worden verlengd, en dat zou u mij binnen de eerste maand moeten laten weten, ` +
      'met redenen. Als u aan een deel van dit verzoek geen gevolg geeft, laat mij dan weten aan welk deel en waarom (artikel 12, lid 4).',
    'Bevestig mij alstublieft schriftelijk zodra de wissing is uitgevoerd.' +
      (f.appendix ? ' Aan het einde van deze brief vindt u de precieze opdrachten daarvoor, per serversoftware.' : ''),
  ],

  followUp: (f) => [
    `Op ${f.sent} heb ik u${via(f)} verzocht ${n(f, 'het hieronder vermelde bestand', 'de hieronder vermelde bestanden')} te wissen op grond van ` +
      `artikel 17 AVG. De termijn van een maand van artikel 12, lid 3, AVG is op ${f.due} verstreken. ` +
      'Ik heb geen antwoord ontvangen dat mijn verzoek afhandelt, en ook geen bericht over een verlenging van de termijn.',
    `Wis ${n(f, 'het bestand', 'de bestanden')} alstublieft, met elke alias, miniatuur en variant, informeer de andere verwerkingsverantwoordelijken ` +
      `en ontvangers zoals in mijn verzoek gevraagd (artikel 17, lid 2, en artikel 19), en bevestig mij dit uiterlijk op ${f.replyBy}.`,
    'Als ik dan niets van u heb gehoord, dien ik op grond van artikel 77 AVG een klacht in bij een toezichthoudende autoriteit.',
    `Ter herinnering ${n(f, 'staat het bestand', 'staan de bestanden')} hieronder nogmaals vermeld` +
      (f.appendix ? `, gevolgd door de opdrachten om ${n(f, 'het', 'ze')} te wissen.` : '.'),
  ],

  complaint: (f, controllers) => [
    'Hierbij dien ik een klacht in op grond van artikel 77 AVG. ' +
      `${c(f, 'De hieronder vermelde verwerkingsverantwoordelijke heeft', 'De hieronder vermelde verwerkingsverantwoordelijken hebben')} ` +
      'mijn verzoek om wissing van persoonsgegevens op grond van artikel 17 AVG niet behandeld.',
    `## ${c(f, 'Verwerkingsverantwoordelijke', 'Verwerkingsverantwoordelijken')}\n\n${controllers}`,
    [
      '## Verloop',
      '',
      `- ${f.sent}: ik heb ${c(f, 'de verwerkingsverantwoordelijke', 'de verwerkingsverantwoordelijken')}${via(f)} verzocht ` +
        `${n(f, 'het hieronder vermelde bestand', 'de hieronder vermelde bestanden')} te wissen (artikel 17, lid 1), de andere ` +
        `verwerkingsverantwoordelijken die ${n(f, 'het', 'ze')} verwerken te informeren (artikel 17, lid 2) en de ontvangers in kennis te stellen ` +
        '(artikel 19). Ik heb gevraagd elke alias en elke variant van elk bestand te wissen.',
      `- ${f.due}: de termijn van een maand van artikel 12, lid 3, is verstreken zonder antwoord dat mijn verzoek afhandelt en zonder bericht over een verlenging.`,
      ...(f.followUp ? [`- ${f.followUp}: ik heb een herinnering gestuurd met een nieuwe termijn van twee weken; ook die heeft niets opgeleverd.`] : []),
      `- Voor zover ik weet, ${n(f, 'is het bestand', 'zijn de bestanden')} tot op vandaag (${f.written}) niet gewist.`,
    ].join('\n'),
    [
      '## Bewijs',
      '',
      '- de lijst van bestanden hieronder, met adressen, kenmerken en uploadtijden;',
      `- kopieën van mijn verzoek${f.followUp ? ' en van mijn herinnering' : ''}, bijgevoegd of op verzoek beschikbaar;`,
      ...(f.appendix ? ['- mijn verzoek bevatte voor de beheerder de precieze opdrachten om elk bestand te wissen.'] : []),
    ].join('\n'),
    '## Mijn verzoek aan u',
    `Ik verzoek u deze klacht te onderzoeken, ${c(f, 'de verwerkingsverantwoordelijke', 'de verwerkingsverantwoordelijken')} te gelasten ` +
      `${n(f, 'het bestand', 'de bestanden')} te wissen en de andere verwerkingsverantwoordelijken en ontvangers te informeren ` +
      '(artikel 58, lid 2, onder c en g, AVG), en mij te informeren over de voortgang en de uitkomst van de klacht (artikel 77, lid 2, AVG).',
  ],
};
