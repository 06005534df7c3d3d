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
badge-training-hint = entraînement — aucun argent ne circule
badge-none = NON CONFIGURÉ
badge-none-hint = ajoutez une clé dans Réglages

## Errors from the core

error-text = { $text }
error-not-configured = Aucune clé { $mode } n’est configurée pour { $provider }. Ajoutez-en une avec `paydesk key set { $slug } --mode { $mode }` ou dans Réglages.
error-key-refused = { $provider } a refusé la clé { $mode } ({ $said }) : enregistrez-en une nouvelle avec `paydesk key set { $slug } --mode { $mode }` ou dans Réglages.
error-provider-down = { $provider } ne répond pas correctement en ce moment. Rien n’a été débité.
error-provider-down-kept = { $provider } ne répond pas correctement en ce moment. La vente est gardée comme lien { $link } : appuyez sur Réessayer quand { $provider } sera de retour.
error-provider-refused = { $provider } a refusé cette vente. Rien n’a été débité.
error-provider-refused-kept = { $provider } a refusé cette vente. La vente est gardée comme lien { $link } : appuyez sur Réessayer quand { $provider } sera de retour.
error-network = Impossible de joindre { $provider } : vérifiez la connexion internet, puis appuyez sur Réessayer. Rien n’a été envoyé.
error-network-kept = { $provider } n’a pas répondu. La vente est gardée comme lien { $link } : appuyez sur Réessayer quand { $provider } sera joignable.
error-no-window = paydesk doit être ouvert depuis sa propre fenêtre, pas depuis un navigateur web.
error-unknown = Un problème est survenu.

## The command line (crates/cli)

cli-hint-again = Pour la créer quand même, ajoutez --again.

## Amounts typed

amount-empty = Saisissez un montant, par exemple 1500 ou 1 500,50.
amount-not-a-number = « { $input } » n’est pas un montant : tapez des chiffres, par exemple 1500.
amount-negative = Le montant doit être supérieur à zéro ; un montant négatif ne peut pas être encaissé.
amount-exponent = « { $input } » utilise une notation exponentielle : tapez le montant en entier, par exemple 1500.
amount-stray-char = « { $input } » contient « { $char } » : tapez seulement des chiffres et un seul « { $decimal } » avant les décimales.
amount-two-decimal-marks = « { $input } » a plus d’un séparateur décimal « { $decimal } ».
amount-misplaced-group = « { $input } » a un « { $group } » mal placé : groupez les milliers par trois, comme dans 1{ $group }500.
amount-misplaced-space = « { $input } » a une espace mal placée : groupez les milliers par trois, comme dans 1{ $group }500.
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
link-from = de { $email }
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
sale-asking = Demande du lien à { $provider }…
sale-asking-why = La vente est enregistrée. Le lien apparaît ici dans un instant.
sale-cancelled = Vente annulée
sale-cancelled-why = Rien ne peut être payé pour cette vente.
sale-no-link = Pas encore de lien de paiement
sale-no-link-why = { $provider } n’a pas encore donné de lien pour cette vente : rien ne peut être payé. Appuyez sur Réessayer pour redemander.
sale-unknown-why = Vérifiez ce paiement dans le tableau de bord de { $provider } avant de remettre la marchandise.
sale-paid-twice = Cette vente a été payée deux fois.
sale-the-provider = Le prestataire
sale-failover-choice = { $provider } — { $badge }
sale-cancel-confirm = Appuyez encore pour annuler la vente
sale-cancel-why = Rien ne peut être payé pour une vente annulée.
sale-show-link = Afficher le lien { $link }
sale-row-no-link = Pas encore de lien : appuyez sur Réessayer
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
refund-title-link = Rembourser le lien nº { $link }
refund-amount-label = Montant à rendre
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
refund-no-api-at = { $provider } ne publie pas d’API de remboursement : remboursez dans le tableau de bord de { $provider } ({ $url }).
refund-all-left = Tout ce qui reste : { $amount }
refund-the-amount = le montant saisi
refund-confirm = Rendre { $amount } à { $email } via { $provider } ? C’est irréversible.
refund-confirm-training = Rendre { $amount } à { $email } via { $provider } ? C’est irréversible. C’est un lien de formation : aucun argent ne circule.
refund-done = Remboursé : { $amount }.
refund-asked = Remboursement demandé : { $amount }.

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
new-training-practise = entraînez-vous sans compte — aucun argent ne circule.
new-training-setup = Configurez un vrai prestataire dans Réglages
new-training-setup-why = pour encaisser des paiements.
new-email = E-mail du client
new-email-input =
    .placeholder = nom@exemple.com
new-description = Objet
new-description-input =
    .placeholder = p. ex. 2 pains et un gâteau
new-provider = Encaisser avec
new-duplicate-title = Cette vente ressemble à une vente déjà faite
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
today-hint = Chaque vente compte pour le jour de la boutique où elle a été faite, avec son statut actuel. Le payé est brut ; les remboursements sont comptés à part. Les devises ne sont jamais additionnées.
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
mail-training = (FORMATION — c’est un lien d’entraînement, aucun argent ne circule.)
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
amount-preview-type-as = Tapez le montant ainsi : { $example }
# History's till filter (filters.js)
filter-all-tills = Toutes les caisses
filter-this-till = { $name } (cette caisse)

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
new-provider-training = { $provider } — FORMATION (aucun argent ne circule)
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
new-hint-training = Liens d’entraînement : le code QR ne mène nulle part et aucun argent ne circule.
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
backups-daily-keep = Faites au démarrage de paydesk, une par jour, dans { $folder } ; chacune est gardée { $days ->
    [one] { $days } jour
   *[other] { $days } jours
} (le réglage backup.keep_days, sous Avancé).
backups-data-folder = le dossier des données
backups-none-yet = Aucune pour l’instant.
backups-restore-waiting = Une restauration est en attente : fermez paydesk et rouvrez-le pour la terminer. D’ici là, cette fenêtre affiche l’historique actuel.
backups-restored = Une sauvegarde a été restaurée au démarrage de paydesk.
backups-restored-aside = Une sauvegarde a été restaurée au démarrage de paydesk. L’historique d’avant est conservé sous { $path }.
backups-done = Sauvegardé dans { $path } ({ $size }) ✓
backups-staged = { $file } est une sauvegarde paydesk valide ✓ Fermez paydesk et rouvrez-le pour terminer : l’historique actuel sera alors mis de côté, jamais écrasé.
backups-pin-restore = restaurer une sauvegarde
backups-filter = Sauvegarde paydesk

# Aujourd’hui (screens/today.js), ses totaux aussi dans le rapport Z
today-mode-live = Ventes réelles
today-mode-test = Ventes de test — pas d’argent réel
today-mode-training = Formation — entraînement, aucun argent ne circule
today-no-sales = Aucune vente ce jour-là.
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

# Le rapport Z (screens/zreport.js)
zreport-title = Rapport Z — { $day }
zreport-tills = { $count ->
    [one] Caisse
   *[other] Caisses
} : { $tills }
zreport-printed = Imprimé le { $when }
zreport-no-sales = Aucune vente payée.
zreport-sales-caption = Ventes payées ({ $count })
zreport-col-time = Heure
zreport-col-till = Caisse
zreport-col-provider = Prestataire
zreport-col-reference = Référence
zreport-col-for = Objet
zreport-col-amount = Montant

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
cli-key-stored = Clé { $provider } { $mode } (…{ $last4 }) enregistrée dans le trousseau du système.
cli-key-deleted = Clé { $provider } { $mode } supprimée du trousseau du système.
cli-key-absent = Il n’y avait pas de clé { $provider } { $mode } dans le trousseau du système.
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
today-head-failed = Échou­ées
today-head-expired = Ex­pi­rées
today-head-cancelled = An­nu­lées
today-head-refunded = Rem­bour­sées
today-head-refunded-total = Total rem­bour­sé
# Le bouton d’une ligne de l’historique pour une vente dont le lien a échoué (son aria-label est history-failover-label)
history-row-failover = Autre prestataire
