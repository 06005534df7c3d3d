# Les messages de paydesk en français : la fenêtre (ui/) et le cœur (crates/core) lisent ce fichier.
# Mêmes identifiants et mêmes arguments que en/paydesk.ftl (vérifié par les tests).

## Language

language-label = Langue
language-auto = Comme l’ordinateur ({ $name })

## Statuses, badges

status-creating = Pas encore créé
status-open = En attente de paiement
status-paid = Payé ✓
status-failed = Échoué
status-expired = Expiré
status-cancelled = Annulé
status-partially_refunded = Remboursé en partie
status-refunded = Remboursé
status-unknown = Inconnu — vérifiez auprès du prestataire
badge-test = TEST
badge-test-hint = clé de test — pas d’argent réel
badge-live = RÉEL
badge-live-hint = argent réel
badge-training = FORMATION
# The practice provider's name, wherever a provider is named (the others keep their own names)
provider-training-name = Formation
badge-training-hint = entraînement — aucun argent ne circule
badge-none = NON CONFIGURÉ
badge-none-hint = ajoutez une clé dans Réglages

## Errors from the core

error-text = { $text }
error-not-configured = Aucune clé { $mode ->
    [live] réelle
   *[other] de test
} n’est configurée pour { $provider }. Ajoutez-en une avec `paydesk key set { $slug } --mode { $mode }` ou dans Réglages.
error-key-refused = { $provider } a refusé la clé { $mode ->
    [live] réelle
   *[other] de test
} ({ $said }) : enregistrez-en une nouvelle avec `paydesk key set { $slug } --mode { $mode }` ou dans Réglages.
error-provider-down = { $provider } ne répond pas correctement en ce moment. Rien n’a été débité.
error-provider-down-kept = { $provider } ne répond pas correctement en ce moment. La vente est gardée : réessayez quand { $provider } sera de retour.
error-provider-refused = { $provider } a refusé cette vente. Rien n’a été débité.
error-provider-refused-kept = { $provider } a refusé cette vente. La vente est gardée : réessayez quand { $provider } sera de retour.
error-network = Impossible de joindre { $provider } : vérifiez la connexion internet, puis appuyez sur Réessayer. Rien n’a été envoyé.
error-network-kept = { $provider } n’a pas répondu. La vente est gardée : réessayez quand { $provider } sera joignable.
error-no-window = paydesk doit être ouvert depuis sa propre fenêtre, pas depuis un navigateur web.
error-unknown = Un problème est survenu.

## The command line (crates/cli)

cli-hint-again = Voyez-le avec `paydesk link show { $link }`, ou ajoutez --again pour en créer un nouveau quand même.
cli-hint-retry = Lancez `paydesk link retry { $link }` pour la terminer : la vente est d’abord recherchée chez le prestataire, elle n’aura jamais deux liens.

## Amounts typed

amount-empty = Saisissez un montant, par exemple 1500 ou 1 500,50.
amount-not-a-number = « { $input } » n’est pas un montant : tapez des chiffres, par exemple 1500.
amount-negative = Le montant doit être supérieur à zéro ; un montant négatif ne peut pas être encaissé.
amount-exponent = « { $input } » utilise une notation exponentielle : tapez le montant en entier, par exemple 1500.
amount-stray-char = « { $input } » contient « { $char } » : tapez seulement des chiffres et un seul « { $decimal } » avant les décimales.
amount-two-decimal-marks = « { $input } » a plus d’un séparateur décimal « { $decimal } ».
amount-misplaced-group = « { $input } » a un « { $group } » mal placé : groupez les milliers par trois, ou n’en mettez pas.
amount-misplaced-space = « { $input } » a une espace mal placée : groupez les milliers par trois, ou n’en mettez pas.
# « 1,5 » en anglais, où « , » groupe les milliers : la personne voulait des décimales
amount-group-as-decimal = « { $input } » a un « { $group } » là où commenceraient les décimales : « { $group } » groupe les milliers ici ; tapez « { $decimal } » avant les décimales.
amount-group-after-decimal = « { $input } » a un « { $group } » après le séparateur décimal.
amount-too-many-decimals = { $allowed ->
    [0] { $currency } n’a pas de décimales : tapez un montant entier.
    [1] { $currency } n’a qu’une décimale : « { $input } » en a { $found }.
   *[other] { $currency } n’a que { $allowed } décimales : « { $input } » en a { $found }.
}
amount-too-large = « { $input } » est trop grand pour être un montant.
amount-zero = Le montant doit être supérieur à zéro.
amount-over-limit = Le montant est trop élevé : au plus { $max } par lien.

## The customer window

customer-title = paydesk — payer ici
customer-fullscreen = Plein écran
    .title = Plein écran (F11)
customer-fullscreen-exit = Quitter le plein écran
customer-qr =
    .alt = Code QR : scannez-le avec votre téléphone pour payer
customer-training = FORMATION — pas un vrai paiement
customer-payment =
    .aria-label = Paiement
customer-scan = Scannez avec l’appareil photo de votre téléphone pour payer
customer-amount-to-pay = Montant à payer
customer-amount-paid = Montant payé
customer-one-moment = Un instant…
customer-not-real = pas un vrai paiement
customer-stamp-thanks = Merci
customer-stamp-failed = Paiement échoué
customer-stamp-ask = Adressez-vous au comptoir
customer-stamp-new-link = Demandez un nouveau lien
customer-stamp-part-refunded = Remboursé en partie
customer-no-link = Aucun lien de paiement à afficher : ouvrez cette fenêtre depuis l’écran du lien.
customer-language =
    .aria-label = Langue pour le client

## The sale's screen

link-opened-browser = Ouvert dans votre navigateur.
link-opened-mail = Votre messagerie est ouverte.
link-shown-customer = Affiché sur la fenêtre client. Faites-la glisser sur l’écran du client ; elle a un bouton Plein écran.
link-paused = Vérification en pause pendant que paydesk était en arrière-plan ; elle reprend à votre retour.
link-from = demandé à { $email }
link-for = pour « { $description } »
link-qr-soon = Le code QR apparaît ici dans un instant.
link-qr-none = Pas de code QR : il n’y a pas encore de lien de paiement.
link-provider-says = { $provider } indique « { $word } »
link-detail-reference = Référence
link-detail-local-id = Numéro local
link-detail-provider-id = Numéro chez le prestataire
link-detail-provider-word = Mot du prestataire
link-detail-sale = Vente
link-detail-created = Créé
link-detail-changed = Dernière modification
link-sale-attempt = #{ $sale } — essai { $n } sur { $count }
link-unused-reference = Référence non utilisée { $reference }
link-copied = Copié ✓
link-copied-note = Lien copié. Collez-le dans un message au client.
link-png-filter = Image PNG
link-qr-saved = Code QR enregistré dans { $path }

## The provider's actions

share-not-offered = { $provider } n’envoie pas les liens par e-mail : utilisez E-mail ci-dessus pour l’envoyer depuis votre messagerie.
cancel-link = Annuler ce lien
cancel-link-confirm = Cliquez encore pour annuler définitivement
cancel-link-why = Le client ne pourra plus le payer.
cancel-link-not-offered = Les liens { $provider } ne peuvent pas être annulés depuis paydesk.
share-sent = envoyé
share-failed = non envoyé : { $error }
share-sending = envoi…

## The sale box

action-retry = Réessayer
action-failover = Essayer un autre prestataire
action-cancel-sale = Annuler la vente
action-new-sale = Nouvelle vente
sale-why-failed = Le paiement du client n’a pas abouti.
sale-why-expired = Le lien a expiré avant d’être payé.
sale-why-cancelled = Ce lien ne peut plus être payé.
sale-why-refunded = L’argent a été rendu au client.
sale-why-refunded-training = Un remboursement pour s’entraîner : aucun argent n’a circulé.
sale-asking = Demande du lien à { $provider }…
sale-asking-why = La vente est enregistrée. Le lien apparaît ici dans un instant.
sale-cancelled = Vente annulée
sale-cancelled-why = Rien ne peut être payé pour cette vente.
sale-no-link = Pas encore de lien de paiement
sale-no-link-why = { $provider } n’a pas encore donné de lien pour cette vente : rien ne peut être payé. Appuyez sur Réessayer pour redemander.
sale-unknown-why = Vérifiez ce paiement dans le tableau de bord de { $provider } avant de remettre la marchandise.
sale-paid-twice = Cette vente a été payée deux fois.
sale-paid-twice-links = Payée deux fois : les liens { $first } et { $later } ont tous deux été payés pour ce qui semble être une seule vente. Remboursez le lien { $later }.
sale-paid-twice-links-elsewhere = Payée deux fois : les liens { $first } et { $later } ont tous deux été payés pour ce qui semble être une seule vente. Remboursez le lien { $later }, sur la caisse qui l’a créé.
sale-the-provider = Le prestataire
sale-failover-choice = { $provider } — { $badge }
sale-cancel-confirm = Appuyez encore pour annuler la vente
sale-cancel-why = Rien ne peut être payé pour une vente annulée.
sale-show-link = Afficher le lien { $link }
sale-row-no-link = la vente est gardée : Réessayer crée son lien
dup-amount = Montant
dup-customer = Client
dup-for = Objet
dup-made = Créé
dup-status = Statut

## Refunds

refund-word-sending = en cours d’envoi
refund-word-pending = en route
refund-word-processed = remboursé
refund-word-failed = échoué
refund-list =
    .aria-label = Remboursements
refund-open = Rembourser…
refund-title = Remboursement
refund-title-paid = Rembourser un paiement de { $amount }
refund-amount-label = Montant à rendre
refund-amount-label-in = Montant à rendre, en { $currency }
refund-reason-label = Motif (facultatif)
refund-pin-label = Code gérant
refund-cancel = Annuler
refund-send = Rembourser
refund-send-amount = Rembourser { $amount }
refund-summary = Remboursé { $refunded } sur { $amount } · reste { $left } à rembourser
refund-line = { $when } — { $amount }{ $reversal ->
    [yes] {" "}par annulation
   *[no] {""}
} : { $state }
refund-line-word = {" "}({ $provider } indique « { $word } »)
refund-line-reason = {" "}— « { $reason } »
refund-dashboard = Rembourser dans le tableau de bord de { $provider }
refund-no-api = { $provider } ne publie pas d’API de remboursement : remboursez dans le tableau de bord de { $provider }.
refund-other-till = Créé sur une autre caisse : remboursez-le là-bas, où ses remboursements sont enregistrés.
refund-no-api-at = { $provider } ne publie pas d’API de remboursement : remboursez dans le tableau de bord de { $provider } ({ $url }).
refund-all-left = Encore remboursable : { $amount }
refund-the-amount = le montant saisi
refund-confirm = Rendre { $amount } à { $email } via { $provider } ? C’est irréversible.
refund-confirm-training = Entraînement : rendre { $amount } à { $email } via { $provider } ? C’est un lien de formation : aucun argent ne circule.
refund-done = Ce remboursement : { $amount } rendus.
refund-asked = Ce remboursement : { $amount } demandés.

## Manager PIN

pin-title = Code gérant
pin-hint = S’il est défini, paydesk le demande avant un remboursement et avant d’enregistrer ou de supprimer une clé d’API. Après 5 erreurs de suite, il faut attendre 30 s.
pin-current = Code actuel
pin-new = Nouveau code (4 à 12 chiffres)
pin-set = Définir le code
pin-change = Changer le code
pin-clear = Supprimer le code
pin-is-set = Un code gérant est défini.
pin-not-set = Aucun code gérant : n’importe qui à cette caisse peut rembourser et changer les clés.
pin-saved = Code gérant enregistré ✓
pin-cleared = Code gérant supprimé.
pin-prompt = Saisissez le code gérant
pin-prompt-for = Saisissez le code gérant pour { $what }
pin-cancel = Annuler
pin-ok = OK

## The shop hub

hub-offline = Hors ligne — { $waiting } en attente
hub-synced = Synchronisé
hub-synced-ago = Synchronisé il y a { $when }
hub-waiting = { $synced } · { $waiting } en attente
hub-ago-s = { $n } s
hub-ago-min = { $n } min
hub-ago-h = { $n } h
hub-card-set = Configuré (depuis { $source }). Cette caisse : { $till }. { $waiting ->
    [one] 1 modification en attente d’envoi.
   *[other] { $waiting } modifications en attente d’envoi.
}
hub-card-not-set = Non configuré. Cette caisse : { $till }.
hub-saved = Enregistré dans le trousseau. Configurez le serveur une fois par boutique, puis cette caisse se synchronise seule.
hub-init-done = Le serveur est configuré (schéma { $version }).
hub-sync-done = Synchronisé.
hub-none = Aucun serveur n’est configuré.

## Keyboard

keys-line = Clavier : { $list }
keys-new-sale = nouvelle vente
keys-search = chercher dans l’historique
keys-fullscreen = plein écran (fenêtre client)
keys-or = { $a } ou { $b }

## shell

# The window's frame (index.html): the name, the navigation
app-name = paydesk
app-nav =
    .aria-label = Écrans
nav-history = Historique
nav-today = Aujourd’hui
nav-settings = Réglages
field-optional = (facultatif)
field-currency = Devise
field-provider = Prestataire
field-mode = Mode
field-till = Caisse
paper-legend = Papier
paper-roll = Rouleau 80 mm
paper-print = Imprimer
# New sale (index.html; the training banner reads: Training mode: practise … Set up a real provider in Settings to take payments.)
new-training-mode = Mode formation :
new-training-practise = sans compte, aucun argent ne circule.
new-training-setup = Configurez un prestataire dans Réglages
new-training-setup-why = pour encaisser.
new-email = E-mail du client
new-email-input =
    .placeholder = nom@exemple.com
new-description = Objet
new-description-input =
    .placeholder = p. ex. 2 pains et un gâteau
new-provider = Encaisser avec
new-duplicate-title = Cette vente ressemble à une vente déjà faite
new-duplicate-lead = { $email } a déjà reçu une demande de { $amount } à { $at }. Affichez ce lien, ou créez-en un nouveau quand même.
new-duplicate-show = Afficher ce lien
new-duplicate-again = En créer un nouveau quand même
new-create = Créer le lien de paiement
new-summary =
    .aria-label = Ce qui sera encaissé
new-summary-label = Le client devra payer
new-summary-note = Vérifiez le montant avec le client avant de créer le lien.
# The sale's screen (index.html)
link-qr =
    .alt = Code QR du lien de paiement
link-qr-missing = Pas encore de code QR : le lien n’a pas été créé.
link-offline = Hors ligne — la vérification continue
link-details = Détails
link-failover-label = Créer le lien de cette vente avec :
link-simulate-label = Formation — simuler le client :
link-simulate-paid = Payé
    .aria-label = Simuler : payé
link-simulate-failed = Échoué
    .aria-label = Simuler : échoué
link-simulate-expired = Expiré
    .aria-label = Simuler : expiré
link-print-receipt = Imprimer le reçu
link-show-customer = Montrer au client
link-copy = Copier le lien
link-open = Ouvrir dans le navigateur
link-email = E-mail
link-save-qr = Enregistrer le QR en PNG
link-like-this = Nouvelle vente semblable
# Around the provider's name: Have Paystack e-mail the link
link-share-before = Demander à
link-share-after = d’envoyer le lien par e-mail
link-share-to = Envoyer à
link-share-name = Son nom
link-share-name-optional = (tiré de l’adresse si vide)
link-share-message = Message
link-share-send = Envoyer l’e-mail
link-share-history =
    .aria-label = E-mails envoyés
link-url-label = Lien :
link-timeline = Détails et historique
# History (index.html)
history-verify-all = Vérifier les liens ouverts
history-export-csv = Exporter en CSV
history-offline = Hors ligne — dernier état connu affiché
history-search-label = Rechercher
history-search =
    .placeholder = E-mail, description ou référence
history-verify-bar =
    .aria-label = Vérification des liens ouverts
history-actions = Actions
history-load-more = Afficher plus
# Today, the Z report, the receipt (index.html)
today-day-label = Jour
today-print-z = Imprimer le rapport Z
today-back = Revenir à aujourd’hui
today-title-yesterday = Hier
today-title-other = Un autre jour
today-hint = Chaque vente compte pour le jour de la boutique où elle a été faite, avec son statut actuel. Payées compte une vente encore payée pour son montant entier, même si une partie a été rendue ; une vente remboursée en entier ne compte que dans Remboursées. Net encaissé est le total payé moins ce qui a été rendu sur les ventes encore payées. Les devises ne sont jamais additionnées.
today-chart-title = 30 derniers jours
today-chart-table = Les mêmes chiffres en tableau
zreport-back = Retour à Aujourd’hui
receipt-title = Reçu
receipt-back = Retour
# Settings (index.html)
settings-keys-title = Clés d’API
settings-keys-hint = Collez la clé secrète du tableau de bord de votre prestataire. Elle est gardée dans le trousseau de cet ordinateur et n’est plus jamais affichée.
settings-shop-title = Boutique
settings-advanced = Avancé
settings-save = Enregistrer les réglages
hub-title = Serveur de la boutique
hub-hint = Facultatif : les caisses qui partagent une base PostgreSQL affichent l’historique de toute la boutique. Sans serveur, cette caisse fonctionne seule.
hub-url-label = Adresse du serveur
hub-url =
    .placeholder = postgresql://caisse:mdp@serveur/boutique?sslmode=require
# Followed by ?sslmode=require (as code) and a full stop
hub-url-hint = Gardée dans le trousseau de cet ordinateur et plus jamais affichée. Depuis une autre machine, ajoutez
# Code, the same in every language
hub-url-sslmode = ?sslmode=require
hub-save = Enregistrer l’adresse
hub-init = Configurer le serveur
hub-sync = Synchroniser
# How long ago (format.js relativeTime); older than a week is a date
time-just-now = à l’instant
time-min-ago = il y a { $n } min
time-h-ago = il y a { $n } h
time-yesterday = hier
# $n is 2 to 6
time-days-ago = il y a { $n } jours
# A link's last check; $when is a time-* message (kind: ago) or a date (kind: date)
time-last-verified = { $kind ->
    [date] vérifié le { $when }
   *[ago] vérifié { $when }
}
time-not-verified = pas encore vérifié
# An API key's state in Settings (format.js keyStatusText); $detail is key-status-last4 and/or a key-status-from-*, joined by a comma
key-status-not-set = Non configurée
key-status-set = Configurée
key-status-set-detail = Configurée ({ $detail })
key-status-last4 = …{ $last4 }
key-status-from-keyring = depuis le trousseau
key-status-from-env = depuis { $variable }
# The e-mail to the customer (format.js mailtoHref); the lines in this order, the shop's name last
mail-subject = Lien de paiement
mail-subject-from = Lien de paiement de { $merchant }
mail-hello = Bonjour,
mail-please-pay = Merci de régler { $amount } avec ce lien :
mail-for = Objet : { $description }
mail-training = (FORMATION — c’est un lien de formation, aucun argent ne circule.)
mail-thanks = Merci
# Verify all open (format.js verifySummary): Checked 3 open links: 1 changed, 1 could not be checked.
verify-none = Aucun lien ouvert à vérifier.
# $what: verify-open-links or verify-open-and-refunds; $tail: verify-nothing-changed or verify-changed, then verify-not-checked, joined by a comma
verify-checked = Vérification de { $what } : { $tail }.
verify-open-links = { $n ->
    [one] { $n } lien ouvert
   *[other] { $n } liens ouverts
}
verify-open-and-refunds = { $n ->
    [one] { $n } lien ouvert
   *[other] { $n } liens ouverts
} et des remboursements en attente sur { $paid ->
    [one] { $paid } lien payé
   *[other] { $paid } liens payés
}
verify-nothing-changed = rien n’a changé
verify-changed = { $n ->
    [one] { $n } modifié
   *[other] { $n } modifiés
}
verify-not-checked = { $n ->
    [one] { $n } n’a pas pu être vérifié
   *[other] { $n } n’ont pas pu être vérifiés
}
verify-line-changed = #{ $link } : { $from } → { $to }
verify-line-changed-ref = #{ $link } { $reference } : { $from } → { $to }
verify-line-refund-given = #{ $link } : remboursement { $reference } effectué
verify-line-refund-failed = #{ $link } : remboursement { $reference } échoué, rien n’a été rendu
verify-line-error = #{ $link } : { $error }
# The live preview under the amount field (money.js preview)
amount-preview-over-limit = Trop élevé : au plus { $max } par lien.
amount-preview-decimals = { $allowed ->
    [one] { $currency } a au plus 1 décimale.
   *[other] { $currency } a au plus { $allowed } décimales.
}
amount-preview-chars = Tapez seulement des chiffres, et « { $decimal } » avant les décimales.
amount-preview-two-decimal-marks = Un seul « { $decimal } », avant les décimales.
amount-preview-group = Un « { $group } » est mal placé : groupez les milliers par trois, ou n’en mettez pas.
amount-preview-group-decimal = « { $group } » groupe les milliers ici : tapez « { $decimal } » avant les décimales.
amount-preview-space = Une espace est mal placée : groupez les milliers par trois, ou n’en mettez pas.
# History's till filter (filters.js)
filter-all-tills = Toutes les caisses
filter-this-till = { $name } (cette caisse)
till-unnamed = Caisse { $tail }

## history-new

# History (screens/history.js): the filters' first choices
history-all-statuses = Tous les statuts
history-all-modes = Test et réel
history-test-only = Test seulement
history-live-only = Réel seulement
history-all-providers = Tous les prestataires
history-none-match = Aucune vente ne correspond à ces filtres.
history-none-yet = Aucune vente pour l’instant. Commencez-en une sur l’écran Nouvelle vente.
# $shown and $total are already formatted ($total may end in "+": the count stops at 1,000); $count picks the plural
history-count = { $shown } sur { $total } { $count ->
    [one] lien affiché
   *[other] liens affichés
}, les plus récents d’abord
# A row's action failed: $error is the reason
history-link-error = Lien nº { $link } : { $error }
# The bar's spoken value while every open link is checked
history-verify-checked = { $done } sur { $total } vérifiés
history-verify-progress = Vérification des liens ouverts : { $done } sur { $total }…
history-verify-checking = Vérification des liens ouverts…
history-export-bar =
    .aria-label = Export de l’historique
history-export-cancel = Annuler l’export
# $written and $total are already formatted
history-exporting-rows = Export : { $written } lignes sur { $total }…
history-exporting = Export en cours…
# The file type in the Save dialog
history-csv-filter = Feuille de calcul CSV
# $rows is already formatted; $count picks the plural
history-exported = { $count ->
    [one] { $rows } ligne exportée
   *[other] { $rows } lignes exportées
} vers { $path }
history-export-cancelled = Export annulé : aucun fichier n’a été écrit.

# History's rows (screens/history-rows.js); the buttons' words are action-retry, action-failover
history-retry-label = Réessayer la vente du lien { $link }
history-failover-label = Essayer un autre prestataire pour le lien { $link }
history-verify = Vérifier
history-verify-label = Vérifier le lien { $link }
# A sale with several attempts ($n is 2 or more)
history-attempts = { $n } essais
history-attempts-label = Afficher les { $n } essais de cette vente
history-open-sale = Ouvrir cette vente
history-open-attempt = Ouvrir cet essai
history-attempt = Essai { $n }
history-attempt-no-link = Aucun lien créé
history-paid-twice = Payée deux fois — ouvrir pour rembourser
history-receipt = Reçu
    .title = Réimprimer le reçu
    .aria-label = Réimprimer le reçu du lien { $link }
# The "+" button: the form filled like this sale
history-like =
    .title = Nouvelle vente comme celle-ci
    .aria-label = Nouvelle vente comme le lien { $link }

# New sale (screens/new.js, newlink.js); "from …" and "for “…”" are link-from and link-for
new-provider-no-key = { $provider } — configurez une clé dans Réglages
new-provider-training = { $provider } (entraînement — aucun argent ne circule)
new-currency-not-taken = { $provider } n’accepte pas { $currency } : choisissez un prestataire qui l’accepte, puis saisissez le montant.
# Stands for $provider above when none is picked
new-this-provider = Ce prestataire
# Under the amount: $amount as the core will read it
new-will-ask = Montant demandé : { $amount }
new-type-like = Saisissez-le comme vous l’écrivez, p. ex. { $example }
# After the badge in the summary card
new-via = {" "}via { $provider }
new-no-provider = Aucun prestataire n’est encore configuré.
new-add-key = Ajoutez une clé dans Réglages pour encaisser des paiements.
new-hint-training = Liens de formation : le code QR ne mène nulle part.
new-hint-live = RÉEL : le client paie avec de l’argent réel.
new-hint-test = Clé de TEST : personne ne paie avec de l’argent réel.
new-creating = Création…

# Settings → Quick amounts (screens/presets-card.js)
presets-title = Montants rapides
presets-hint = Des boutons sur l’écran Nouvelle vente qui remplissent le formulaire. Ils ne créent jamais de vente d’eux-mêmes.
presets-add-title = Ajouter un montant rapide
presets-edit-title = Modifier « { $name } »
presets-name = Nom sur le bouton
presets-name-input =
    .placeholder = p. ex. Café
presets-amount = Montant
presets-provider = Prestataire
presets-currency = Devise
presets-fills-in = Le bouton saisit { $amount }.
presets-description = Objet (facultatif)
presets-add = Ajouter
presets-save-changes = Enregistrer les modifications
presets-cancel-edit = Annuler la modification
presets-none = Aucun montant rapide pour l’instant.
# After the preset's name in the list
presets-line = {" "}{ $amount } via { $provider }
presets-line-for = {" "}— { $description }
presets-edit = Modifier
    .aria-label = Modifier le montant rapide { $name }
presets-remove = Supprimer
    .aria-label = Supprimer le montant rapide { $name }
presets-saved = Montant rapide enregistré ✓
presets-added = « { $name } » ajouté ✓
presets-removed = « { $name } » supprimé.

# The quick amounts on the New sale screen (screens/quick.js)
quick-bar =
    .aria-label = Montants rapides
quick-fill = Remplir le formulaire : { $name }, { $amount }
quick-fill-for = Remplir le formulaire : { $name }, { $amount }, { $description }

## settings-day

# Réglages (screens/settings.js)
settings-field-merchant-name = Nom de la boutique
settings-field-default-provider = Prestataire proposé d’abord
settings-field-default-currency = Devise proposée d’abord
settings-field-mode = Clé à utiliser quand les clés de test et réelle sont toutes deux enregistrées
settings-field-timeout = Secondes d’attente d’un prestataire
settings-help-merchant-name = Affiché avec le code QR et dans l’e-mail au client.
settings-help-mode = Ne compte que si les deux clés sont enregistrées. RÉEL encaisse de l’argent réel.
settings-help-timeout = Combien de temps attendre une réponse avant de dire que le prestataire est injoignable.
settings-help-language = La langue des textes, des dates et des montants de cette fenêtre.
settings-mode-auto = Décider d’après les clés
settings-mode-test = Clé de test
settings-mode-live = Clé réelle
settings-set-by-env = Vient de la variable { $variable } : c’est elle qu’il faut modifier.
settings-using-default = Valeur par défaut.
settings-about = paydesk { $version } · historique conservé dans { $folder }
settings-result-saved = Enregistré ✓
settings-result-nothing = Rien à enregistrer : aucun réglage n’a changé.
settings-result-partly = Les autres modifications sont enregistrées ; corrigez celle qui est signalée.
settings-keyrow-none = Aucun prestataire n’a besoin de clé.
settings-keyrow-title = Clé { $provider } { $mode ->
    [live] réelle
   *[other] de test
}
settings-keyrow-label = Clé secrète { $provider } { $mode ->
    [live] réelle
   *[other] de test
}
settings-keyrow-input =
    .placeholder = Collez la clé { $mode ->
        [live] réelle
       *[other] de test
    }
settings-keyrow-save = Enregistrer
settings-keyrow-delete = Supprimer la clé
settings-keyrow-delete-confirm = Cliquez encore pour supprimer
settings-keyrow-deleted = Clé supprimée du trousseau.
settings-keyrow-nothing-to-delete = Il n’y avait aucune clé à supprimer.
settings-keyrow-pin-save = enregistrer la clé { $provider } { $mode ->
    [live] réelle
   *[other] de test
}
settings-keyrow-pin-delete = supprimer la clé { $provider } { $mode ->
    [live] réelle
   *[other] de test
}

# Réglages → Sauvegardes (screens/backups-card.js)
backups-title = Sauvegardes
backups-hint = Une copie de tout l’historique, sans risque pendant que paydesk travaille. Les clés d’API ne sont jamais dans une sauvegarde : elles restent dans le trousseau de cet ordinateur.
backups-now = Sauvegarder maintenant
backups-restore = Restaurer…
backups-daily-title = Sauvegardes quotidiennes automatiques
backups-col-day = Jour
backups-col-size = Taille
backups-daily-keep = Faites au démarrage de paydesk, une fois par jour, dans { $folder } ; chacune est gardée { $days ->
    [one] { $days } jour
   *[other] { $days } jours
} (le réglage backup.keep_days, sous Avancé).
backups-data-folder = le dossier des données
backups-none-yet = Aucune pour l’instant.
backups-restore-waiting = Une restauration est en attente : fermez paydesk et rouvrez-le pour la terminer. L’historique actuel sera alors mis de côté, jamais écrasé ; d’ici là, paydesk continue de l’utiliser.
backups-restore-cancel = Annuler la restauration
backups-restore-cancelled = Restauration annulée : l’historique reste tel quel.
backups-restored = Une sauvegarde a été restaurée au démarrage de paydesk.
backups-restored-aside = Une sauvegarde a été restaurée au démarrage de paydesk. L’historique d’avant est conservé sous { $path }.
backups-done = Sauvegardé dans { $path } ({ $size }) ✓
backups-staged = { $file } est une sauvegarde paydesk valide ✓
backups-pin-restore = restaurer une sauvegarde
backups-filter = Sauvegarde paydesk

# Aujourd’hui (screens/today.js), ses totaux aussi dans le rapport Z
today-mode-live = Ventes réelles
today-mode-test = Ventes de test — pas d’argent réel
today-mode-training = Formation — entraînement, aucun argent ne circule
today-no-sales = Aucune vente ce jour-là.
# Sous les totaux de chaque mode : ce que la boutique garde une fois les remboursements déduits, puis le montant de chaque devise
today-kept = Net encaissé, remboursements déduits :
today-totals-caption = { $title } : totaux par prestataire et par devise
today-col-provider = Prestataire
today-col-currency = Devise
today-col-paid = Payées
today-col-paid-total = Total payé
today-col-waiting = En attente
today-col-failed = Échouées
today-col-expired = Expirées
today-col-cancelled = Annulées
today-col-refunded = Remboursées
today-col-refunded-total = Total remboursé
today-chart-empty = Aucune vente réelle n’a été payée ces 30 derniers jours.
today-chart-last-30 = 30 derniers jours
today-chart-last-30-in = 30 derniers jours : ventes réelles payées en { $currency }
today-chart-bar = { $day } : { $amount }
today-chart-caption = Ventes réelles payées par jour en { $currency }, sur les 30 derniers jours
today-chart-col-day = Jour
today-chart-col-count = Ventes payées
today-chart-col-total = Total payé ({ $currency })

# Le reçu d’une vente payée (screens/receipt.js)
receipt-not-paid = Cette vente n’est pas payée : il n’y a pas de reçu à imprimer.
receipt-paper-title = Reçu
receipt-mark = { $badge } : { $hint }
receipt-row-for = Objet
receipt-row-provider = Payé avec
receipt-row-reference = Référence
receipt-row-paid = Payé le
receipt-row-refunded = Remboursé
receipt-thanks = Merci
# Le reçu d’une vente remboursée en entier, sous son montant
receipt-refunded-whole = Vente remboursée en entier
# Les remboursements aboutis du reçu, chacun avec quand, combien, pourquoi et notre référence
receipt-refunds-title = { $count ->
    [one] Remboursement
   *[other] Remboursements
}
receipt-refund-when = Date
receipt-refund-amount = Rendu
receipt-refund-reason = Motif
receipt-refund-reference = Référence

# Le rapport Z (screens/zreport.js)
# Le tiret va avec le jour : sur un rouleau, le jour passe sous « Rapport Z », jamais un tiret en fin de ligne
zreport-title = Rapport Z — { $day }
zreport-tills = { $count ->
    [one] Caisse
   *[other] Caisses
} : { $tills }
zreport-printed = Imprimé le { $when }
zreport-no-sales = Aucune vente payée.
zreport-sales-live = Ventes réelles payées ({ $count })
zreport-sales-test = Ventes de test payées ({ $count }) — pas d’argent réel
zreport-sales-training = Ventes de formation payées ({ $count }) — aucun argent n’a circulé
zreport-col-time = Heure
zreport-col-till = Caisse
zreport-col-provider = Prestataire
zreport-col-reference = Référence
zreport-col-for = Objet
zreport-col-amount = Montant
# Les remboursements du rapport Z : les ventes du jour sur lesquelles de l’argent a été rendu, une liste par mode, après les payées
zreport-refunds-live = Remboursements réels ({ $count })
zreport-refunds-test = Remboursements de test ({ $count }) — pas d’argent réel
zreport-refunds-training = Remboursements de formation ({ $count }) — aucun argent n’a circulé
# Quand le remboursement a été fait (avec sa date s’il n’est pas du jour du rapport)
zreport-col-refunded-at = Heure
zreport-col-reason = Motif
zreport-col-given-back = Rendu
# Sous une partie rendue : le montant entier de la vente
zreport-refund-of = sur { $amount }
# Les remboursements faits le jour du rapport de ventes de jours précédents : hors des totaux
zreport-earlier-hint = Rendu aussi ce jour-là, pour des ventes de jours précédents. Ces remboursements comptent dans le jour de leur vente, pas dans les totaux ci-dessus.
zreport-earlier-live = Remboursements réels de ventes précédentes ({ $count })
zreport-earlier-test = Remboursements de test de ventes précédentes ({ $count }) — pas d’argent réel
zreport-earlier-training = Remboursements de formation de ventes précédentes ({ $count }) — aucun argent n’a circulé
# Le jour où la vente remboursée a été faite
zreport-col-sale-day = Vente du
# In place of a reason: no refund of paydesk's behind it, the provider said it was given back
# (on its dashboard, say); the time beside it is when a verify saw that.
zreport-earlier-outside = Rendu chez { $provider }, constaté lors d’une vérification

## cli
## Les mots de la ligne de commande (crates/cli) : ses tableaux, lignes, questions et messages.
## `--json`, le CSV et les codes de sortie ne changent jamais avec la langue.

# motifs strftime des dates et heures des tableaux et des lignes
cli-date = %d/%m/%Y
cli-datetime = %d/%m/%Y %H:%M:%S
# un statut dans un tableau ou une ligne : celui d’un lien (open, paid, …) ou d’un remboursement (sending, pending, processed, failed)
cli-status = { $status ->
    [creating] en création
    [open] en attente
    [paid] payé
    [failed] échoué
    [expired] expiré
    [cancelled] annulé
    [partially_refunded] remboursé en partie
    [refunded] remboursé
    [unknown] inconnu
    [sending] en envoi
    [pending] en cours
    [processed] effectué
    [done] fait
   *[other] { $status }
}
# la colonne du mode : test ou live
cli-mode = { $mode ->
    [live] réel
   *[other] { $mode }
}
cli-mode-badge = { $mode ->
    [training] { badge-training } : pas un paiement
    [test] mode { badge-test } : aucun argent ne circule
   *[live] mode { badge-live } : argent réel
}
cli-link-head = Lien { $id } · { $amount } · { $provider } · { $badge }
cli-none-yet = (pas encore)
# Étiquettes avant une valeur : 11 caractères au plus, pour que les valeurs restent alignées
cli-label-url = URL :
cli-label-reference = Référence :
cli-label-status = Statut :
cli-label-refunded = Remboursé :
cli-label-note = Note :
cli-label-qr = Code QR :
cli-label-customer = Client :
cli-label-for = Pour :
cli-label-created = Créé le :
cli-label-verified = Vérifié :
cli-label-uid = Uid :
cli-refunded-left = { $refunded } · reste à rembourser : { $left }
cli-heading-history = Historique des statuts :
cli-heading-operations = Envois et annulations :
cli-heading-refunds = Remboursements :
cli-heading-attempts-of-sale = Tentatives de la vente { $sale } :
cli-heading-references = Références utilisées :
cli-refund-says = ({ $provider } indique « { $word } »)
cli-refund-how = { $reversal ->
    [yes] {" "}par annulation
   *[no] {""}
}
cli-quoted = « { $text } »
cli-refund-done = Remboursé { $amount } du lien { $link } via { $provider }{ $reversal ->
    [yes] , par annulation du paiement (son lot était encore ouvert)
   *[no] {""}
}.
cli-refund-asked = Remboursement de { $amount } du lien { $link } demandé à { $provider }{ $reversal ->
    [yes] , par annulation du paiement (son lot était encore ouvert)
   *[no] {""}
} : réponse « { $word } ». `paydesk link verify { $link }` le vérifie à nouveau.
# link list : les en-têtes du tableau
cli-no-links = Aucun lien ne correspond.
cli-col-id = N°
cli-col-created = CRÉÉ (UTC)
cli-col-provider = PRESTATAIRE
cli-col-mode = MODE
cli-col-amount = MONTANT
cli-col-status = STATUT
cli-col-email = E-MAIL
cli-col-reference = RÉFÉRENCE
cli-col-till = CAISSE
cli-shown-of = ({ $shown } sur { $total } affichés : utilisez --limit ou des filtres)
# $link et $provider arrivent complétés d’espaces, pour s’aligner
cli-attempt = lien { $link } { $provider } { $status }
cli-sale-head = Vente { $id } · { $amount } · { $email } · { $mode }
cli-sale-cancelled = (vente annulée)
cli-sale-duplicate-of = faite bien que le lien { $link } lui ressemble (au choix du commerçant)
cli-heading-attempts = Tentatives :
cli-key-configured = configurée (…{ $last4 }, depuis { $source ->
    [keyring] le trousseau
    [env] l’environnement
   *[other] { $source }
})
cli-key-not-configured = non configurée
cli-verify-summary = { $checked } lien(s) ouvert(s) vérifié(s) : { $changed } changé(s), { $errors } impossible(s) à vérifier.
cli-verify-changed = lien { $link } ({ $reference }) : { $from } → { $to }
cli-verify-refunds = Remboursements en cours relus pour { $links } lien(s) payé(s) : { $settled } réglé(s).
cli-verify-refund = lien { $link } : remboursement { $reference } { $state }
cli-verify-error = lien { $link } : { $error }
cli-not-set = (non défini)
cli-stdout-failed = impossible d’écrire sur la sortie standard : { $error }
# report day / report range
cli-report-day = Journée du { $day }
cli-report-days = Journées du { $from } au { $to }
cli-report-head = { $days } (chacune à partir de { $starts }, heure locale ; une vente compte le jour où elle a été faite, avec son statut actuel)
cli-report-no-sales = Aucune vente.
# Sous chaque tableau : ce que la boutique garde de ces ventes, par devise
cli-report-kept = Net encaissé, remboursements déduits : { $amounts }
# `paydesk report sales` : les listes du rapport Z (crates/cli/src/daylist.rs)
cli-sales-paid = Payées :
cli-sales-refunds = Remboursées :
cli-sales-none = Aucune vente payée ni remboursée.
cli-sales-earlier = Rendu ce jour-là pour des ventes de jours précédents (comptées le jour de leur vente) :
# Après le motif du remboursement d’une vente précédente : le jour de cette vente
cli-sales-earlier-of = vente du { $day }
# As zreport-earlier-outside, in `paydesk report sales`.
cli-sales-earlier-outside = rendu chez { $provider }, constaté lors d’une vérification
cli-sales-col-time = heure
cli-sales-col-refunded-at = remboursé le
cli-sales-col-till = caisse
cli-sales-col-reference = référence
cli-sales-col-amount = montant
cli-sales-col-given-back = rendu
cli-sales-col-for = objet
cli-sales-col-reason = motif
# Après le motif d’une partie rendue : le montant entier de la vente
cli-sales-of = sur { $amount }
cli-report-live = { badge-live } : argent réel
cli-report-test = { badge-test } : aucun argent n’a circulé, hors des totaux réels
cli-report-training = { badge-training } : pas des paiements, hors des totaux réels
cli-report-col-provider = prestataire
cli-report-col-currency = devise
cli-report-col-paid = payées
cli-report-col-paid-amount = montant payé
cli-report-col-open = ouvertes
cli-report-col-failed = échouées
cli-report-col-expired = expirées
cli-report-col-cancelled = annulées
cli-report-col-refunded = remboursées
cli-report-col-refunded-amount = montant remboursé
cli-cannot-create = Impossible de créer { $file } : { $error }
cli-cannot-write = Impossible d’écrire { $file } : { $error }
cli-sync-done = Synchronisé avec le serveur : { $sent } envoyé(s), { $received } reçu(s) ({ $new } nouveau(x) ici) ; { $waiting } en attente.
cli-backup-done = Historique sauvegardé dans { $file }. Les clés d’API n’y sont pas : elles restent dans le trousseau du système.
# Questions : la ligne de commande ajoute une espace après
cli-key-prompt = Collez la clé secrète { $provider }, puis appuyez sur Entrée :
cli-key-none-piped = Aucune clé sur l’entrée standard : passez-la par un tube, par exemple `printf %s "$KEY" | paydesk key set paystack`.
cli-key-stored = Clé { $provider } { $mode ->
    [live] réelle
   *[other] de test
} (…{ $last4 }) enregistrée dans le trousseau du système.
cli-key-deleted = Clé { $provider } { $mode ->
    [live] réelle
   *[other] de test
} supprimée du trousseau du système.
cli-key-absent = Il n’y avait pas de clé { $provider } { $mode ->
    [live] réelle
   *[other] de test
} dans le trousseau du système.
# Lignes de progression sur un terminal ; $done et $total arrivent déjà groupés
cli-progress-verify = Vérification des liens ouverts : { $done } sur { $total }
cli-progress-export = Export : { $done } lignes sur { $total }
cli-verify-failed = { $failed } lien(s) sur { $checked } n’ont pas pu être vérifiés.
cli-stopped-retry = Arrêté. Le lien { $link } attend encore d’être créé : relancez `paydesk link retry { $link }` pour le terminer.
cli-stopped-create = Arrêté. La vente est gardée comme lien { $link }, et { $provider } a peut-être déjà créé son lien. Terminez-la avec `paydesk link retry { $link }` : il cherche d’abord la vente, et ne crée donc jamais un second lien.
cli-stopped-failover = Arrêté. La nouvelle tentative est gardée : terminez-la avec `paydesk link retry` sur le dernier lien de la vente (`paydesk sale show { $sale }`).
cli-shared = Lien { $link } envoyé par e-mail par le prestataire : { $request }
cli-qr-no-page = Le lien { $link } n’a pas encore de page de paiement ({ $status }).
cli-qr-saved = Code QR du lien { $link } enregistré dans { $file }.
cli-export-broke = L’export s’est arrêté de façon inattendue ({ $error }) : aucun fichier n’a été écrit.
cli-exported = { $rows } { $count ->
    [one] lien exporté
   *[other] liens exportés
} dans { $file }.
cli-hub-prompt = Collez l’adresse de connexion du serveur (postgresql://…), puis appuyez sur Entrée :
cli-hub-none-piped = Aucune adresse sur l’entrée standard : passez-la par un tube, par exemple `printf %s "$HUB_URL" | paydesk hub set`.
cli-hub-stored = Adresse du serveur enregistrée dans le trousseau du système. Ensuite : `paydesk hub init` une fois par boutique, puis `paydesk sync`.
cli-label-hub = Serveur :
cli-label-till = Caisse :
cli-label-last-push = Envoyé le :
cli-label-last-pull = Reçu le :
cli-label-waiting = À envoyer :
cli-hub-never = jamais
cli-hub-set-up = configuré (depuis { $source ->
    [keyring] le trousseau
    [env] l’environnement
   *[other] { $source }
})
cli-hub-not-set-up = non configuré
cli-hub-waiting = { $waiting } modification(s) pas encore envoyée(s)
cli-sale-no-attempt = La vente { $sale } n’a encore aucune tentative.
cli-pin-prompt = Code gérant :
cli-pin-new-prompt = Nouveau code gérant (4 à 12 chiffres) :
cli-pin-needed = Un code gérant est défini : tapez-le quand il est demandé, ou passez-le sur la première ligne de l’entrée standard.
cli-pin-none-new = Aucun nouveau code donné : tapez-le quand il est demandé, ou passez-le sur l’entrée standard.
cli-pin-set-done = Le code gérant est défini : paydesk le demande avant un remboursement et avant de changer une clé d’API.
cli-pin-none = Aucun code gérant n’est défini.
cli-pin-cleared = Le code gérant est supprimé.
cli-pin-locked = Un code gérant est défini ; après trop d’essais erronés, la saisie du code attend encore { $secs } s.
cli-pin-is-set = Un code gérant est défini.
cli-stdin-failed = Impossible de lire l’entrée standard : { $error }
cli-terminal-failed = Impossible de le lire depuis le terminal : { $error }
cli-restored = Historique restauré depuis { $file } (schéma { $schema }).
cli-restore-kept = L’historique qui était en place est gardé sous { $file }.
cli-restore-nothing-before = Il n’y avait pas d’historique en place.
cli-restore-no-keys = Les clés d’API n’étaient pas dans la sauvegarde : elles restent dans le trousseau du système de cette machine (`paydesk key list`).
cli-preset-minor-units = { $minor } (unités mineures) { $currency }
cli-presets-none = Aucun montant rapide pour l’instant : ajoutez-en un avec `paydesk preset add NOM MONTANT`.
cli-preset-via = { $amount } via { $provider }
cli-preset-added = Montant rapide « { $name } » ajouté : { $amount }.
cli-preset-removed = Montant rapide « { $name } » supprimé.
cli-presets-cleared = Tous les montants rapides sont supprimés.
# d’où vient la valeur d’un réglage, dans config list : Default, Set, Env ou Unset
cli-setting-source = { $source ->
    [Default] défaut
    [Set] réglé
    [Env] environnement
    [Unset] non défini
   *[other] { $source }
}
# l’aide d’un réglage dans config list ; $key est le réglage avec - pour . (day-starts_at), $help son aide en anglais
cli-setting-help = { $key ->
    [merchant-name] Nom de la boutique, affiché avec le code QR
    [till-name] Nom de cette caisse, tel que le serveur de la boutique et l’historique l’affichent
    [mode] test ou live : quelle clé utiliser quand les deux sont configurées
    [default-provider] Prestataire choisi en premier
    [default-currency] Devise choisie en premier
    [paystack-base_url] Adresse de l’API Paystack
    [http-timeout_secs] Secondes d’attente de la réponse d’un prestataire
    [duplicate-window_minutes] Minutes pendant lesquelles une vente semblable (même client, montant et devise) est prise pour un doublon
    [verify-concurrency] Requêtes simultanées par prestataire quand tous les liens ouverts sont vérifiés
    [dojo-base_url] Adresse de l’API Dojo
    [dojo-version] En-tête de version de l’API Dojo (une date)
    [dojo-payment_source] paymentSource à envoyer à Dojo (non défini : aucun n’est envoyé)
    [payroc-base_url] Adresse de l’API Payroc (par défaut : UAT pour les clés de test, production pour les clés réelles)
    [payroc-identity_url] Adresse d’identité (jeton) de Payroc (par défaut selon le mode)
    [payroc-terminal_id] Identifiant du terminal de traitement Payroc (obligatoire pour Payroc)
    [payroc-expiry_days] Jours pendant lesquels un lien Payroc reste payable
    [luxfin-base_url] Adresse de l’API Luxfin
    [luxfin-redirect_url] Où Luxfin renvoie le client après le paiement (facultatif)
    [day-starts_at] Heure locale (HH:MM) où commence la journée de la boutique, pour les commerces tardifs : 04:00 va de 04:00 à 04:00
    [ui-language] Langue de la fenêtre : auto (celle de l’ordinateur) ou un code de ui/locales/languages.json
    [backup-keep_days] Jours de conservation des sauvegardes quotidiennes automatiques
   *[other] { $help }
}
# link show : un envoi ou une annulation demandés au prestataire ($kind : share ou cancel), et l’état d’une référence (Current ou Void)
cli-operation = { $kind ->
    [share] envoi
    [cancel] annulation
   *[other] { $kind }
}
cli-reference-state = { $state ->
    [Current] actuelle
    [Void] abandonnée
   *[other] { $state }
}

## layout

# Les totaux d’Aujourd’hui : les en-têtes de colonnes tels qu’affichés, avec des traits d’union
# conditionnels (U+00AD, invisibles) là où un mot long peut se couper sur une fenêtre étroite ; un
# lecteur d’écran entend today-col-*. Mêmes mots que today-col-*, seulement les coupures en plus.
today-head-provider = Pres­ta­taire
today-head-currency = De­vise
today-head-paid = Payées
today-head-paid-total = Total payé
today-head-waiting = En at­tente
today-head-failed = Échouées
today-head-expired = Ex­pi­rées
today-head-cancelled = An­nu­lées
today-head-refunded = Rem­bour­sées
today-head-refunded-total = Total rem­bour­sé
# Le bouton d’une ligne de l’historique pour une vente dont le lien a échoué (son aria-label est history-failover-label)
history-row-failover = Autre prestataire

## core errors
# Les erreurs du cœur (crates/core/src/**, src-tauri/src). $detail / $said : les mots mêmes du
# système ou du prestataire, tels quels.

# link.rs : ce qu’une personne a saisi
error-unknown-provider = Prestataire inconnu « { $input } » : choisissez parmi { $known }.
error-unknown-mode = Mode inconnu « { $input } » : choisissez test ou live.
error-unknown-status = Statut inconnu « { $input } » : choisissez parmi { $known }.
error-email-empty = Saisissez l’adresse e-mail du client.
error-email-invalid = « { $input } » n’est pas une adresse e-mail : vérifiez-la, comme nom@exemple.com.
error-email-no-domain = « { $input } » n’a pas de domaine complet : vérifiez la partie après @, comme nom@exemple.com.
error-description-too-long = La description est trop longue : restez sous { $max } caractères.
# $field désigne le texte ; $why : bidi, break ou control ; $code : le code hexadécimal du caractère
error-one-line = { $field ->
    [description] La description
    [name] Le nom
    [message] Le message
    [reason] Le motif
   *[value] Le nom de la boutique
} contient { $why ->
    [bidi] un caractère invisible qui change le sens du texte
    [break] un saut de ligne
   *[control] un caractère de contrôle
} (U+{ $code }) : retirez-le et gardez une seule ligne de texte simple.

# money.rs, settings.rs : devises, format des nombres, valeurs des réglages
error-currency-code = « { $input } » n’est pas un code de devise ISO 4217 : tapez trois lettres, par exemple XOF ou EUR.
error-number-style = Ce format de nombre est inutilisable : ses séparateurs décimal et de milliers doivent être différents, et ni des chiffres ni des signes.
error-unknown-setting = Réglage inconnu « { $input } » : choisissez parmi { $known }.
error-shop-name = Le nom de la boutique doit faire de 1 à 60 caractères sur une seule ligne.
error-unknown-language = Langue inconnue « { $input } » : choisissez auto ou parmi { $known }.
error-setting-window = La fenêtre doit être un nombre entier de minutes, de 0 (désactivée) à 1440.
error-setting-concurrency = Le nombre de requêtes simultanées doit être un nombre entier de 1 à 64.
error-setting-currency = « { $input } » n’est pas une devise acceptée par les prestataires de paydesk : choisissez parmi { $known }.
error-setting-url = « { $input } » n’est pas une adresse web : utilisez une adresse commençant par https://.
error-setting-url-http = « { $input } » enverrait la clé d’API sans chiffrement : utilisez https://.
error-setting-date = « { $input } » n’est pas une date : écrivez AAAA-MM-JJ, par exemple 2024-02-05.
error-setting-token = Utilisez de 1 à 64 lettres, chiffres, « - », « _ » ou « . ».
error-setting-days = Le nombre de jours doit être un nombre entier de 1 à 365.
error-setting-keep-days = Gardez les sauvegardes un nombre entier de jours, de 1 à 3650.
error-setting-timeout = Le délai doit être un nombre entier de secondes, de 1 à 300.

# desk/pin.rs : le code PIN du gérant
error-pin-locked = Trop de codes PIN faux d’affilée : attendez { $secs } s, puis réessayez.
error-pin-digits = Un code PIN de gérant compte de { $min } à { $max } chiffres.
error-pin-salt = Impossible de préparer le code PIN (sel) : { $detail }
error-pin-hash = Impossible de chiffrer le code PIN : { $detail }
error-pin-unreadable = Le code PIN du gérant enregistré dans l’historique est illisible : demandez à la personne qui l’a configuré de l’effacer depuis une sauvegarde.
error-pin-needed = Un code PIN de gérant est défini : saisissez-le pour continuer.
error-pin-wrong-locked = Code PIN faux { $times } fois d’affilée : attendez { $secs } s, puis réessayez.
error-pin-wrong = Code PIN faux : encore { $left ->
    [one] une erreur
   *[other] { $left } erreurs
} d’affilée et la saisie du code PIN sera bloquée { $secs } s.

# desk/keys.rs, vault.rs, provider/* : clés d’API et trousseau
error-key-not-needed = { $provider } n’a pas besoin de clé.
error-key-empty = La clé est vide : collez la clé secrète depuis le tableau de bord du prestataire.
error-key-wrong-mode = C’est une clé { $named ->
    [live] réelle
   *[other] de test
}, mais elle a été proposée comme clé { $want ->
    [live] réelle
   *[other] de test
} : enregistrez-la avec --mode { $named }.
error-key-mode-needed = Les clés { $provider } ne disent pas si elles sont de test ou réelles : enregistrez-la avec --mode test ou --mode live.
error-key-env-not-provider = { $variable } ne contient pas de clé { $provider } : vérifiez la variable.
error-key-stored-wrong-mode = La clé { $provider } enregistrée comme clé { $mode ->
    [live] réelle
   *[other] de test
} n’est pas une clé { $mode ->
    [live] réelle
   *[other] de test
} : enregistrez-la de nouveau avec `paydesk key set { $slug }`.
error-key-empty-whole = La clé est vide : collez la clé secrète entière depuis le tableau de bord du prestataire.
error-keyring-no-hub = Ce magasin de clés ne peut pas garder l’adresse du hub.
# $verb : read, save ou delete ; $detail : les mots mêmes du trousseau
error-keyring-hub = Impossible { $verb ->
    [read] de lire
    [save] d’enregistrer
   *[delete] de supprimer
} l’adresse du hub dans le trousseau du système ({ $detail }). Vérifiez que le trousseau est lancé et déverrouillé ou, pour les scripts, passez-la dans PAYDESK_HUB_URL.
# $what est l’une des raisons error-keyring-* ci-dessous
error-keyring-key = Impossible { $verb ->
    [read] de lire
    [save] d’enregistrer
   *[delete] de supprimer
} la clé { $mode ->
    [live] réelle
   *[other] de test
} de { $provider } : { $what }
error-keyring-no-secret-service = aucun service Secret Service ne tourne sur le bus de session (org.freedesktop.secrets est absent). Lancez GNOME Keyring ou KWallet ou, pour les scripts, passez la clé dans { $env }.
error-keyring-no-bus = aucun trousseau du système n’est joignable (pas de Secret Service sur le bus de session). Ouvrez une session de bureau avec GNOME Keyring ou KWallet ou, pour les scripts, passez la clé dans { $env }.
error-keyring-failed = le trousseau du système a échoué ({ $detail }). Vérifiez qu’il est lancé et déverrouillé ou, pour les scripts, passez la clé dans { $env }.
error-keyring-locked = le trousseau est verrouillé ou a refusé l’accès ({ $detail }). Déverrouillez-le (par exemple en ouvrant la session de bureau, ou en déverrouillant le trousseau « Connexion » dans Mots de passe et clés) et autorisez paydesk à s’en servir ou, pour les scripts, passez la clé dans { $env }.
error-keyring-bad-encoding = la clé enregistrée n’est pas un texte valide. Enregistrez-la de nouveau avec `paydesk key set { $slug } --mode { $mode }` ou dans Réglages.
error-keyring-ambiguous = { $count } entrées du trousseau correspondent au service « { $service } », compte « { $account } ». Supprimez-les (par exemple dans Mots de passe et clés) et enregistrez la clé de nouveau.
error-keyring-refused = le trousseau a refusé l’entrée ({ $detail }). C’est un bogue de paydesk : merci de le signaler.
error-paystack-public-key = C’est une clé publique Paystack (pk_…) : collez la clé secrète, qui commence par sk_test_ ou sk_live_.
error-paystack-not-a-key = Cela ne ressemble pas à une clé secrète Paystack : elle commence par sk_test_ ou sk_live_.
error-dojo-paystack-key = Cela ressemble à une clé Paystack : une clé secrète Dojo commence par sk_sandbox_ (test) ou sk_prod_ (live).
error-dojo-not-a-key = Cela ne ressemble pas à une clé secrète Dojo : elle commence par sk_sandbox_ (test) ou sk_prod_ (live) et se trouve dans le Developer Portal de Dojo.
error-payroc-paystack-key = C’est une clé Paystack : collez la clé d’API Payroc, dans Settings → API keys chez Payroc.
error-payroc-dojo-key = C’est une clé Dojo : collez la clé d’API Payroc, dans Settings → API keys chez Payroc.
error-payroc-bearer = C’est un jeton d’accès (bearer), valable une heure : collez la clé d’API Payroc dont il vient.
error-payroc-spaces = Une clé d’API Payroc est un seul mot sans espace : collez-la de nouveau.
error-payroc-length = C’est trop court ou trop long pour une clé d’API Payroc : collez la clé entière.
error-payroc-terminal-missing = Indiquez l’identifiant du terminal de traitement Payroc : paydesk config set payroc.terminal_id ID (il se trouve dans Settings → Processing terminals chez Payroc).
error-payroc-terminal-length = Un identifiant de terminal de traitement Payroc compte de 4 à 50 caractères : vérifiez payroc.terminal_id.
error-luxfin-empty = La clé est vide : collez la clé d’API depuis le tableau de bord de Luxfin.
error-luxfin-bearer = Collez seulement la clé d’API Luxfin, sans « Bearer » devant.
error-luxfin-not-a-key = Cela ne ressemble pas à une clé d’API Luxfin : c’est un seul mot de lettres, chiffres et symboles simples.

# Le statut d’un lien dans une phrase (« Le lien 4 est payé ») : $status est son nom (link.rs LinkStatus)
status-word = { $status ->
    [creating] en création
    [open] en attente de paiement
    [paid] payé
    [failed] échoué
    [expired] expiré
    [cancelled] annulé
    [partially_refunded] remboursé en partie
    [refunded] remboursé
   *[unknown] inconnu
}

# desk/* : retrouver liens et ventes, le travail du bureau
error-no-link-key = Aucun lien avec l’identifiant ou la référence « { $key } » dans l’historique.
# $name : la variable PAYDESK_* ; $what : pourquoi sa valeur est refusée
error-env-setting = { $name } : { $what }
error-task-stopped = Une tâche interne s’est arrêtée de façon inattendue ({ $detail }) ; rien d’autre n’a été touché : réessayez.
error-no-home = Aucun dossier personnel : passez --data-dir ou définissez PAYDESK_DATA_DIR.
error-no-sale = Aucune vente avec l’identifiant « { $id } » dans l’historique.
error-failover-cannot-take = { $provider } ne peut pas prendre cette vente (il doit accepter { $amount } en un seul lien et avoir une clé { $mode ->
    [live] réelle
   *[other] de test
}) : choisissez { $known }.
error-link-settled-elsewhere = Le lien { $link } a été réglé par un autre processus.
error-link-settled-meanwhile = Le lien { $link } a été réglé entre-temps : regardez-le de nouveau.
error-link-now = Le lien { $link } est maintenant { $status } : regardez-le de nouveau.
# $said : le mot de statut du prestataire lui-même
error-failover-may-be-paid = { $provider } indique ce lien comme { $said } et il est peut-être payé : vérifiez-le au lieu d’essayer un autre prestataire.
# Si un autre prestataire peut être essayé pour une vente (desk/sales.rs failover_options)
failover-no-attempt = Cette vente n’a encore aucune tentative.
failover-sale-cancelled = Cette vente a été annulée.
failover-training = Les ventes de formation restent en formation.
failover-could-not = { $provider } n’a pas pu créer ce lien.
failover-nothing-reached = Rien n’est parvenu à { $provider }.
failover-asked-first = paydesk vérifie d’abord auprès de { $provider } qu’aucun lien n’a été créé malgré tout : le client ne pourra jamais payer deux fois.
failover-payable = Le lien { $link } est { $status } : un autre prestataire n’est proposé que s’il ne peut pas être payé.
failover-mode-unknown = Le mode de cette vente est inconnu.
failover-no-provider = Aucun autre prestataire avec une clé { $mode ->
    [live] réelle
   *[other] de test
} n’accepte { $currency }.
error-not-a-currency = « { $input } » n’est pas un code de devise : { $provider } accepte { $known }.
error-currency-not-taken = { $provider } n’accepte pas { $currency } : utilisez { $known }.
# $at : l’heure à laquelle il a été créé (HH:MM) ; $status : status-word
error-duplicate = Le lien { $link } demande déjà { $amount } à { $email } (créé à { $at }, { $status }).
error-retry-nothing = Le lien { $link } est déjà { $status } : il n’y a rien à réessayer.
error-retry-other-till = Le lien { $link } a été créé sur une autre caisse : seule cette caisse peut le terminer.
error-no-reference-in-use = Le lien { $link } n’a aucune référence en cours.
error-share-unsupported = { $provider } n’envoie pas les liens par e-mail : copiez le lien ou utilisez votre propre messagerie.
error-share-not-open = Le lien { $link } est { $status } : seul un lien ouvert peut être partagé.
error-name-length = Le nom doit faire de 1 à { $max } caractères sur une seule ligne.
error-share-message-too-long = Le message est trop long : restez sous 500 caractères.
error-cancel-unsupported = Les liens { $provider } ne peuvent pas être annulés depuis paydesk.
error-link-already = Le lien { $link } est déjà { $status }.
error-simulate-real = Le lien { $link } est un vrai lien { $provider } : seuls les liens de formation peuvent être simulés.
error-verify-unconfirmed = Le lien { $link } n’a jamais été confirmé par { $provider } : réessayez-le pour finir de le créer.
error-refund-no-api = { $provider } ne publie pas d’API de remboursement : paydesk ne peut donc pas rembourser ses liens.
error-refund-no-api-dashboard = { $provider } ne publie pas d’API de remboursement : paydesk ne peut donc pas rembourser ses liens. Remboursez le lien { $link } dans le tableau de bord de { $provider }, { $url }.
error-refund-not-paid = Le lien { $link } est { $status } : seul un lien payé peut être remboursé.
# les remboursements ne sont pas partagés entre caisses
error-refund-other-till = Le lien { $link } a été créé sur une autre caisse : remboursez-le là-bas, où ses remboursements sont enregistrés.
error-reason-too-long = Le motif est trop long : restez sous { $max } caractères.

# Fichiers, sauvegardes, restaurations, verrou de l’historique
# $action : ce qui n’a pas pu être fait à $path ; $detail : les mots mêmes du système
error-file = Impossible { $action ->
    [read] de lire
    [create] de créer
    [open] d’ouvrir
    [lock] de verrouiller
    [move-aside] de mettre de côté
    [put-in-place] de mettre en place
    [delete] de supprimer
   *[write] d’écrire
} { $path } : { $detail }
error-could-not-write = Impossible d’écrire { $path } : { $detail }
error-copy-busy = L’historique est resté occupé 5 s pendant la copie : réessayez.
error-file-exists = { $path } existe déjà : paydesk n’écrase jamais un fichier ; choisissez un autre nom.
error-aside-exists = { $path } existe déjà : attendez une seconde et restaurez de nouveau.
error-backup-no-file = Le fichier { $name } n’existe pas.
error-backup-not-ours = { $name } n’est pas une sauvegarde paydesk : { $detail }.
error-backup-unreadable = { $name } n’est pas une sauvegarde paydesk : il ne peut pas être lu comme une base de données ({ $detail }).
error-backup-no-history = { $name } n’est pas une sauvegarde paydesk : il ne contient aucun historique de liens de paiement.
error-backup-damaged = { $name } est endommagé (le contrôle d’intégrité de SQLite indique : { $detail }) ; rien n’a été modifié.
error-backup-newer = { $name } a été écrit par une version plus récente de paydesk (schéma { $version } ; celle-ci connaît { $known }) : mettez paydesk à jour, puis restaurez-le.
error-restore-in-memory = Cet historique n’est pas un fichier : il n’y a rien dans quoi restaurer.
error-restore-under-way = Une sauvegarde est en cours de restauration dans cet historique : attendez la fin, puis relancez paydesk.
error-history-lock = Impossible de verrouiller l’historique : { $detail }
error-history-in-use = L’historique est ouvert dans un autre paydesk : fermez la fenêtre de paydesk et attendez la fin de toute autre commande paydesk, puis restaurez de nouveau. Rien n’a été modifié.
error-export-cancelled = L’export a été annulé : aucun fichier n’a été écrit.
error-lease-no-runtime = Un bail a besoin de l’environnement asynchrone : c’est un bogue de l’interface.
# $since : l’heure de la prise (HH:MM:SS), ou none
error-link-held-here = Le lien { $link } est en cours d’envoi au prestataire par un autre paydesk de cette caisse (processus { $pid }){ $since ->
    [none] {""}
   *[other] {" "}depuis { $since }
} : attendez la fin, ou arrêtez ce processus, puis réessayez.
error-link-held = Le lien { $link } est en cours d’envoi au prestataire par une autre caisse{ $since ->
    [none] {""}
   *[other] {" "}depuis { $since }
} : attendez la fin, puis réessayez.

# L’historique (store/**, report.rs)
error-no-link-number = Aucun lien n° { $link } dans l’historique.
error-no-sale-number = Aucune vente n° { $sale } dans l’historique.
error-no-operation = Aucune opération n° { $id } dans l’historique.
error-no-refund = Aucun remboursement n° { $id } dans l’historique.
error-sale-bad-time = La vente { $sale } a une heure illisible « { $time } » dans l’historique.
error-sale-unreadable-time = Une vente a une heure illisible dans l’historique : { $detail }
error-sale-unknown-mode = Une vente a un mode inconnu « { $word } » dans l’historique.
# $what : reference ou refund
error-history-unknown-word = État { $what ->
    [reference] de référence
   *[refund] de remboursement
} inconnu « { $word } » dans l’historique.
error-sale-cancelled = La vente { $sale } a été annulée : commencez plutôt une nouvelle vente.
error-sale-payable-attempt = Le lien { $link } de cette vente est { $status } et peut encore être payé : une vente n’a jamais deux liens payables.
error-sale-cancel-payable = Le lien { $link } de cette vente est { $status } et peut encore être payé : annulez d’abord ce lien.
error-history-newer = La base de l’historique a été écrite par une version plus récente de paydesk (schéma { $version } ; celle-ci connaît { $known }). Mettez paydesk à jour pour l’ouvrir.
error-reference-taken = La référence { $reference } est déjà utilisée par le lien n° { $link }.
error-link-taken-over = Le lien { $link } a été repris par un autre paydesk pendant que celui-ci attendait le prestataire : rien de cette tentative n’a été gardé. Voir `paydesk link show { $link }`.
# $pid : l’autre processus, ou none s’il est sur une autre caisse
error-refund-held = Un remboursement du lien { $link } est en cours d’envoi par un autre paydesk{ $pid ->
    [none] {""}
   *[other] {" "}(processus { $pid })
} : attendez la fin, puis regardez le lien de nouveau.
# $amount : le code de la devise, puis le montant
error-refund-unconfirmed = Le remboursement de { $amount } sur le lien { $link } a été envoyé mais { $provider } ne l’a pas encore confirmé : relancez le remboursement avec ce montant (ou sans montant) pour le terminer d’abord.
error-refund-done = Le lien { $link } est déjà remboursé en totalité.
error-refund-nothing-left = Il ne reste rien à rembourser sur le lien { $link } : les remboursements de la totalité ({ $amount }) sont traités ou en route (voir `paydesk link show { $link }`).
error-refund-zero = Un remboursement doit être supérieur à zéro.
error-refund-too-much = { $amount } dépasse les { $left } qu’il reste à rembourser sur le lien { $link }.
error-refund-taken-over = Le remboursement { $reference } a été repris par un autre paydesk pendant que celui-ci attendait le prestataire : voir `paydesk link show { $link }`.
error-hub-event-unreadable = Le hub a envoyé un événement que paydesk ne sait pas lire ({ $uid }) : { $detail }
error-hub-event-kind = Le hub a envoyé un événement d’un type inconnu « { $kind } » : mettez cette caisse à jour.
error-time-of-day = « { $input } » n’est pas une heure : écrivez HH:MM, par exemple 04:00.
error-date = « { $input } » n’est pas une date : écrivez AAAA-MM-JJ, par exemple 2024-03-31.
error-range-backwards = La période commence ({ $from }) après sa fin ({ $to }).
error-date-too-far = { $date } est trop loin dans l’avenir.
# $detail : les mots mêmes de SQLite
error-store-said = L’historique n’a pas pu être utilisé : { $detail }
error-store-damaged = L’historique { $file } est endommagé ({ $detail }) : paydesk n’y a pas touché. Mettez-le de côté et restaurez une sauvegarde, puis relancez paydesk.
error-store-no-access = Impossible d’écrire dans { $dir } : vérifiez ses droits d’accès (l’historique est { $file } ; { $detail }).
error-store-full = Le disque qui contient l’historique { $file } est plein : libérez de la place, puis réessayez.
error-store-busy = L’historique { $file } est resté verrouillé par un autre paydesk plus de { $secs } s : réessayez, et fermez un paydesk qui ne répond plus.
error-store-other = L’historique { $file } n’a pas pu être utilisé : { $detail }.
# $detail : les mots mêmes du système à propos d’un fichier
error-os = Erreur du système : { $detail }

# Montants rapides (desk/presets.rs)
error-preset-name = Donnez au montant rapide un nom de 1 à { $max } caractères, comme « Café ».
error-presets-unreadable = Les montants rapides enregistrés dans l’historique sont illisibles ({ $detail }) : supprimez-les avec `paydesk preset clear` et ajoutez-les de nouveau.
error-preset-gone = Il n’y a pas de montant rapide « { $id } » : il a peut-être été supprimé.
error-preset-name-taken = Il existe déjà un montant rapide nommé « { $name } » : choisissez un autre nom.
error-presets-full = Il y a déjà { $max } montants rapides : supprimez-en un d’abord.
error-preset-unknown = Il n’y a pas de montant rapide « { $key } ».
error-presets-write = Impossible d’enregistrer les montants rapides : { $detail }

# Le serveur de la boutique (hub/*, desk/sync.rs, desk/tills.rs)
# $why : form, no-host ou no-tls
error-hub-url = L’adresse du serveur est inutilisable : { $why ->
    [no-host] elle ne nomme aucun hôte
    [no-tls] un serveur sur une autre machine exige TLS : ajoutez ?sslmode=require (sinon le mot de passe et les ventes de la boutique circuleraient en clair sur le réseau)
   *[form] écrivez-la sous la forme postgresql://UTILISATEUR:MOT_DE_PASSE@HÔTE:5432/BASE?sslmode=require
}.
# $detail : les mots mêmes de la base de données
error-hub-unreachable = Le serveur de la boutique est injoignable : { $detail }
error-hub-tls = TLS n’a pas pu être préparé : { $detail }
# $step : ce qui était demandé au serveur (hub/mod.rs db_error)
error-hub-refused = Le serveur de la boutique a refusé { $step ->
    [create-its-version-table] de créer sa table de version
    [keep-the-push] d’enregistrer l’envoi
    [keep-the-schema] d’enregistrer le schéma
    [list-the-tills] de lister les caisses
    [lock-its-log] de verrouiller son journal
    [note-this-till] d’enregistrer cette caisse
    [record-its-version] d’enregistrer sa version
    [say-its-version] de donner sa version
    [say-where-its-log-ends] de dire où finit son journal
    [say-whether-it-is-set-up] de dire s’il est configuré
    [send-the-other-tills-events] d’envoyer les événements des autres caisses
    [start-a-push] de commencer un envoi
    [start-setting-up] de commencer la configuration
    [take-the-schema] de prendre le schéma
   *[take-this-tills-events] de prendre les événements de cette caisse
} : { $detail }
error-hub-not-set-up = Le serveur de la boutique n’est pas encore configuré : lancez `paydesk hub init` une fois (ou Réglages → Serveur de la boutique → Configurer le serveur).
error-hub-newer-known = Le serveur a été configuré par une version plus récente de paydesk (schéma { $version } ; celle-ci connaît { $known }) : mettez paydesk à jour sur cette caisse.
error-hub-older = Le schéma du serveur ({ $version }) est plus ancien que celui de ce paydesk ({ $known }) : lancez `paydesk hub init` pour le mettre à jour.
error-hub-newer = Le serveur a été configuré par une version plus récente de paydesk (schéma { $version }) : mettez paydesk à jour sur cette caisse.
error-hub-none = Aucun serveur de la boutique n’est configuré : `paydesk hub set` (ou Réglages → Serveur de la boutique), ou PAYDESK_HUB_URL pour les scripts.
# $known : les noms des caisses, chacun entre guillemets
error-no-till = Aucune caisse ne s’appelle « { $name } » : les caisses sont { $known } (les noms des autres caisses arrivent avec `paydesk sync`).

# qr.rs
error-qr-too-long = Le lien est trop long pour un code QR ({ $bytes } octets ; 2331 au plus).
error-qr = Ce lien ne peut pas devenir un code QR : { $detail }.
error-qr-png = Impossible d’encoder le code QR en PNG : { $detail }

# Une réponse de prestataire que paydesk refuse (provider/guard.rs, provider/payroc/*)
# $address : l’adresse telle qu’envoyée, entre guillemets ; $why : l’une des raisons page-url-* ci-dessous
error-page-refused = { $provider } a envoyé une adresse de page de paiement que paydesk a refusée ({ $address }) : { $why }. Rien n’a été montré au client ni mis dans un code QR.
page-url-too-long = elle dépasse 2048 caractères
page-url-spaces = elle contient des espaces, des caractères de contrôle ou des barres obliques inverses
page-url-not-web = ce n’est pas une adresse web
page-url-http = c’est une adresse http:// simple, pas https://
page-url-not-https = ce n’est pas une adresse https://
page-url-user = elle contient un nom d’utilisateur ou un mot de passe
page-url-secret = elle contient une clé secrète
# $said : les mots mêmes de Payroc, en phrase ; $mode : test ou live
error-payroc-token-refused = Payroc a répondu : { $said } Un nouveau jeton a aussi été refusé : vérifiez que payroc.base_url et payroc.identity_url pointent tous deux vers l’environnement { $mode ->
    [live] de production (live)
   *[test] UAT (test)
} de Payroc.
error-payroc-nothing-to-refund = Payroc n’indique aucun paiement accepté pour le lien de paiement { $id } : il n’y a rien à rembourser.
# $offered : les opérations que Payroc propose, ou nothing
error-payroc-no-refund = Payroc ne permet ni remboursement ni annulation du paiement { $payment } pour l’instant (opérations proposées : { $offered ->
    [nothing] aucune
   *[other] { $offered }
}) : rendez l’argent depuis le tableau de bord de Payroc.

# L’enveloppe de l’application (src-tauri/src)
error-window-open = La fenêtre n’a pas pu être ouverte : { $detail }
error-save-where = Choisissez où enregistrer le fichier.
error-save-failed = Impossible d’enregistrer { $path } : { $detail }
error-report-days = Choisissez de 1 à { $max } jours, la fin (« to ») au même jour que le début (« from ») ou après.
error-export-running = Un export est déjà en cours : attendez sa fin ou annulez-le.
error-no-page-yet = Le lien { $link } n’a pas encore de page de paiement ({ $status }) : réessayez-le d’abord.
# un lien payé, remboursé, échoué, expiré ou annulé : son code QR n’est plus remis
error-not-handed-out = Le lien { $link } est { $status } : son code QR n’est plus remis.
error-page-limit = Une page doit contenir au moins un lien.

# Ce qu’un prestataire a dit d’une clé tout juste enregistrée (desk/app.rs check_key, la commande set_key)
key-check-accepted = { $provider } a accepté la clé { $mode ->
    [live] réelle
   *[other] de test
}.
# $detail : pourquoi le prestataire n’a pas pu être joint, dans ses propres mots
key-check-not-asked = La clé est enregistrée, mais { $provider } n’a pas pu être interrogé à son sujet : { $detail }
# $what : l’erreur, dite en entier
key-check-failed = La clé est enregistrée, mais elle n’a pas pu être vérifiée : { $what }

# Un remboursement en attente que la vérification n’a pas pu relire (desk/refunds.rs) ; $what : l’erreur, dite en entier
refund-reread-error = remboursement { $reference } : { $what }
# $detail : les propres mots du prestataire
refund-reread-not-found = remboursement { $reference } : { $provider } ne l’a pas trouvé ({ $detail }) ; il reste en attente
