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
