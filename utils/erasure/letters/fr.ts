import type { SentVia } from '../types';
import type { Facts, Language } from './language';

const VIA: Record<SentVia, string> = {
  email: ' par courriel',
  matrix: ' par message Matrix',
  'web-form': ' via le formulaire de contact du site',
  post: ' par courrier',
  other: '',
};
const via = (f: Facts) => (f.via ? VIA[f.via] : '');
const n = (f: Facts, one: string, many: string) => (f.one ? one : many);
const c = (f: Facts, one: string, many: string) => (f.oneController ? one : many);

export const fr: Language = {
  locale: 'fr-FR',
  colon: ' : ',
  fixDate: (date) => date.replace(/^1 /, '1er '),
  subject: {
    erasure: () => "Demande d'effacement des fichiers que j'ai mis en ligne (article 17 du RGPD)",
    'follow-up': (f) => `Relance : ma demande d'effacement du ${f.sent} (article 17 du RGPD)`,
    complaint: (f) => `Réclamation au titre de l'article 77 du RGPD : demande d'effacement restée sans suite auprès de ${f.hosts}`,
  },
  greeting: 'Madame, Monsieur,',
  authorityGreeting: 'Madame, Monsieur,',
  closing: "Veuillez agréer, Madame, Monsieur, l'expression de mes salutations distinguées.",
  labels: {
    to: 'À',
    date: 'Date',
    alias: 'Alias',
    mxc: 'URI MXC',
    fileName: "Nom de fichier d'origine",
    type: 'Type',
    uploaded: 'Mis en ligne',
    account: 'Compte',
    myAccount: 'Mon compte',
    room: 'Salon',
    event: 'Événement',
    redacted: 'Message supprimé',
    encrypted: 'Chiffré de bout en bout',
    sentTo: 'Ma demande a été adressée à',
  },
  headings: {
    files: 'Fichiers à effacer',
    filesConcerned: 'Fichiers concernés',
    appendix: "Annexe : comment effacer ces fichiers (pour l'administrateur)",
    whyNot: (one) => `Pourquoi je n'ai pas pu ${one ? 'le' : 'les'} supprimer moi-même :`,
  },
  reasons: {
    'no-user-delete': "Le serveur ne permet pas aux utilisateurs de supprimer les fichiers qu'ils ont mis en ligne.",
    'no-api-key': "Le service d'images du serveur (pict-rs) n'a pas de clé d'API configurée ; les suppressions demandées par les utilisateurs échouent donc.",
    'no-delete-token': "Je ne dispose d'aucun jeton de suppression pour ce fichier.",
    'server-copy': "Le serveur a créé lui-même cette copie de mon image (la miniature d'une publication) ; elle n'appartient à aucun compte, je ne peux donc pas la supprimer.",
    'no-server-record': "Le serveur n'a aucune trace reliant le fichier à mon compte (par exemple pour les fichiers mis en ligne avant Lemmy 0.19.0).",
    'still-served': "J'ai supprimé le fichier, mais il est toujours servi (sous un autre alias ou depuis un cache).",
  },
  topics: {
    'lemmy-1.0-purge':
      "Lemmy 1.0 : l'appel d'API d'administration DELETE /api/v4/image purge chaque fichier avec tous ses alias et variantes. À lancer une fois par fichier, avec le jeton de connexion d'un administrateur.",
    'lemmy-pictrs-purge':
      "Lemmy 0.19 et versions antérieures : demander directement à pict-rs de purger chaque fichier, ce qui supprime tous ses alias et variantes. À lancer là où pict-rs est joignable (par exemple dans son conteneur), avec la clé d'API de la configuration de pict-rs.",
    'lemmy-admin-uploads':
      "À partir de Lemmy 0.19.4, les paramètres d'administration listent chaque fichier mis en ligne avec son auteur : vous pouvez y vérifier qu'il ne reste rien.",
    'synapse-delete-media':
      "Synapse : cet appel d'API d'administration supprime un fichier média local avec ses miniatures. À lancer une fois par fichier, avec un jeton d'accès administrateur.",
    'synapse-delete-user-media':
      `Synapse : cet appel supprime tous les fichiers mis en ligne par le compte, jusqu'à 100 par appel. À répéter jusqu'à ce que la réponse indique "total": 0.`,
    'synapse-caveats':
      'À noter : désactiver le compte avec "erase": true ne supprime pas ses médias, et la mise en quarantaine bloque les téléchargements mais conserve le fichier. Les fichiers stockés chez un fournisseur de stockage externe (comme S3) doivent aussi y être supprimés.',
    'matrix-media-repo-purge':
      "matrix-media-repo : cet appel d'administration purge le fichier du dépôt de médias. À lancer avec le jeton d'accès d'un administrateur du serveur d'accueil.",
    'continuwuity-delete': "continuwuity : envoyez ces commandes dans le salon d'administration du serveur ; chacune supprime un fichier.",
    'remote-copies':
      "D'autres serveurs fédérés avec le vôtre peuvent conserver des copies en cache de ces fichiers, que seuls leurs administrateurs peuvent supprimer. Merci de leur transmettre cette demande (article 17, paragraphe 2).",
  },
  appendixIntro: (vars) =>
    'Les étapes sont regroupées par serveur. Chaque commande peut être copiée telle quelle.' +
    (vars
      ? " Les mots commençant par $ sont des variables shell pour vos propres identifiants (un jeton d'accès administrateur, la clé d'API de pict-rs) : définissez-les d'abord."
      : ''),

  erasure: (f) => [
    `J'ai mis en ligne sur ${f.hosts} ${n(f, 'le fichier indiqué', 'les fichiers indiqués')} ci-dessous. ` +
      `${n(f, 'Il contient', 'Ils contiennent')} des données à caractère personnel me concernant. ` +
      `En application de l'article 17, paragraphe 1, du règlement général sur la protection des données (RGPD), je vous demande de ${n(f, "l'effacer", 'les effacer')} : ` +
      `je retire tout consentement à ${n(f, 'sa conservation et à sa publication', 'leur conservation et à leur publication')} (point b), ` +
      `et ${n(f, "il n'est plus nécessaire", 'ils ne sont plus nécessaires')} au regard de la finalité pour laquelle je ${n(f, "l'ai mis", 'les ai mis')} en ligne (point a).`,
    `Je ne peux pas ${n(f, 'le', 'les')} supprimer entièrement moi-même.` + (f.reasons ? ' La liste ci-dessous en indique la raison pour chaque serveur.' : ''),
    [
      `Veuillez effacer ${n(f, 'le fichier', 'chaque fichier')} en totalité, et pas seulement à l'adresse indiquée :`,
      ...(f.lemmy
        ? [
            "- chaque alias : le serveur d'images de Lemmy (pict-rs) ne stocke qu'une fois les fichiers identiques et les sert sous plusieurs alias ; supprimer un alias peut laisser le même fichier en ligne sous un autre ;",
          ]
        : []),
      `- chaque miniature, version redimensionnée ou autre variante qui en est issue${f.matrix ? ', y compris les miniatures générées par un serveur Matrix' : ''} ;`,
      '- les copies dans les caches et dans le stockage utilisé par le serveur (par exemple un stockage objet).',
    ].join('\n'),
    `${n(f, 'Ce fichier a été rendu accessible', 'Ces fichiers ont été rendus accessibles')} à d'autres personnes et à d'autres serveurs. ` +
      `Dans la mesure où vous ${n(f, "l'avez rendu public", 'les avez rendus publics')}, l'article 17, paragraphe 2, vous oblige à prendre des mesures ` +
      `raisonnables pour informer les autres responsables du traitement qui ${n(f, 'le', 'les')} traitent, en particulier les serveurs fédérés qui ` +
      `${n(f, "l'ont copié ou mis en cache", 'les ont copiés ou mis en cache')}, que j'ai demandé l'effacement de tout lien vers ` +
      `${n(f, 'ce fichier', 'ces fichiers')} et de toute copie ou reproduction de ${n(f, 'celui-ci', 'ceux-ci')}.`,
    `Conformément à l'article 19, veuillez notifier cet effacement à chaque destinataire auquel ${n(f, 'ce fichier a été communiqué', 'ces fichiers ont été communiqués')}, ` +
      "et m'indiquer qui sont ces destinataires.",
    "Selon l'article 12, paragraphe 3, vous devez donner suite à cette demande dans les meilleurs délais et au plus tard dans un délai d'un mois " +
      `à compter de sa réception, soit au plus tard le ${f.due}. Ce délai ne peut être prolongé de deux mois que si cela est nécessaire, et vous ` +
      "devriez alors m'en informer dans le premier mois, en indiquant les motifs. Si vous ne donnez pas suite à une partie de cette demande, " +
      "veuillez m'indiquer laquelle et pourquoi (article 12, paragraphe 4).",
    "Veuillez me confirmer par écrit que l'effacement a été effectué." +
      (f.appendix ? ' Vous trouverez à la fin de ce courrier les commandes exactes pour le faire, selon le logiciel de votre serveur.' : ''),
  ],

  followUp: (f) => [
    `Le ${f.sent}, je vous ai demandé${via(f)} d'effacer, en application de l'article 17 du RGPD, ${n(f, 'le fichier indiqué', 'les fichiers indiqués')} ci-dessous. ` +
      `Le délai d'un mois prévu à l'article 12, paragraphe 3, du RGPD a expiré le ${f.due}. ` +
      "Je n'ai reçu aucune réponse réglant ma demande, ni aucune information sur une prolongation de ce délai.",
    `Veuillez effacer ${n(f, 'le fichier', 'les fichiers')}, avec chaque alias, miniature et variante, informer les autres responsables du traitement ` +
      `et les destinataires comme demandé (article 17, paragraphe 2, et article 19), et me le confirmer au plus tard le ${f.replyBy}.`,
    "Sans réponse de votre part d'ici là, j'introduirai une réclamation auprès d'une autorité de contrôle en application de l'article 77 du RGPD.",
    `Pour mémoire, ${n(f, 'le fichier est rappelé', 'les fichiers sont rappelés')} ci-dessous` +
      (f.appendix ? `, ${n(f, "suivi des commandes permettant de l'effacer", 'suivis des commandes permettant de les effacer')}.` : '.'),
  ],

  complaint: (f, controllers) => [
    "Je vous adresse une réclamation en application de l'article 77 du RGPD. " +
      `${c(f, "Le responsable du traitement indiqué ci-dessous n'a pas", "Les responsables du traitement indiqués ci-dessous n'ont pas")} ` +
      "donné suite à ma demande d'effacement de données à caractère personnel fondée sur l'article 17 du RGPD.",
    `## ${c(f, 'Responsable du traitement', 'Responsables du traitement')}\n\n${controllers}`,
    [
      '## Déroulement',
      '',
      `- ${f.sent} : j'ai demandé${via(f)} ${c(f, 'au responsable du traitement', 'aux responsables du traitement')} d'effacer ` +
        `${n(f, 'le fichier indiqué', 'les fichiers indiqués')} ci-dessous (article 17, paragraphe 1), d'informer les autres responsables du traitement ` +
        `qui ${n(f, 'le', 'les')} traitent (article 17, paragraphe 2) et de notifier les destinataires (article 19). ` +
        "J'ai demandé l'effacement de chaque alias et de chaque variante de chaque fichier.",
      `- ${f.due} : le délai d'un mois prévu à l'article 12, paragraphe 3, a expiré sans réponse réglant ma demande ni information sur une prolongation.`,
      ...(f.followUp ? [`- ${f.followUp} : j'ai envoyé une relance accordant un nouveau délai de deux semaines, restée elle aussi sans effet.`] : []),
      `- À ma connaissance, ${n(f, "le fichier n'a toujours pas été effacé", "les fichiers n'ont toujours pas été effacés")} à ce jour (${f.written}).`,
    ].join('\n'),
    [
      '## Pièces',
      '',
      '- la liste des fichiers ci-dessous, avec leurs adresses, identifiants et dates de mise en ligne ;',
      `- les copies de ma demande${f.followUp ? ' et de ma relance' : ''}, jointes ou disponibles sur demande ;`,
      ...(f.appendix ? ["- ma demande comprenait, pour l'administrateur, les commandes exactes permettant d'effacer chaque fichier."] : []),
    ].join('\n'),
    '## Ce que je demande',
    `Je vous demande d'examiner cette réclamation, d'ordonner ${c(f, 'au responsable du traitement', 'aux responsables du traitement')} ` +
      `d'effacer ${n(f, 'le fichier', 'les fichiers')} et d'en informer les autres responsables du traitement et les destinataires ` +
      "(article 58, paragraphe 2, points c) et g), du RGPD), et de m'informer de l'état d'avancement et de l'issue de la réclamation " +
      "(article 77, paragraphe 2, du RGPD).",
  ],
};
