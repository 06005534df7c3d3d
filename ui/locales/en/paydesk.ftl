# paydesk's messages in English: the window (ui/) and the core (crates/core) read this file.
# Ids: <area>-<what>, lowercase with dashes (docs/l10n.md). Every id here must exist in every
# other language's file with the same arguments (ui-tests/l10n.test.js, cargo test i18n).

## Language

language-label = Language
language-auto = Same as the computer ({ $name })

## Statuses, badges (format.js converts to these)

status-creating = Not created yet
status-open = Waiting for payment
status-paid = Paid ✓
status-failed = Failed
status-expired = Expired
status-cancelled = Cancelled
status-partially_refunded = Partly refunded
status-refunded = Refunded
status-unknown = Unknown — check with the provider
badge-test = TEST
badge-test-hint = test key — no real money
badge-live = LIVE
badge-live-hint = real money
badge-training = TRAINING
# The practice provider's name, wherever a provider is named (the others keep their own names)
provider-training-name = Training
badge-training-hint = practice — no money moves
badge-none = NOT SET UP
badge-none-hint = add a key in Settings

## Errors from the core (crates/core/src/error.rs: Error::l10n)

# A message still written in English where it is raised: shown as it is.
error-text = { $text }
error-not-configured = No { $mode } key for { $provider } is set up. Add one with `paydesk key set { $slug } --mode { $mode }` or in Settings.
error-key-refused = { $provider } refused the { $mode } key ({ $said }): set a new one with `paydesk key set { $slug } --mode { $mode }` or in Settings.
error-provider-down = { $provider } is not answering properly right now. Nothing was charged.
error-provider-down-kept = { $provider } is not answering properly right now. The sale is kept: retry it when { $provider } is back.
error-provider-refused = { $provider } refused this sale. Nothing was charged.
error-provider-refused-kept = { $provider } refused this sale. The sale is kept: retry it when { $provider } is back.
error-network = Could not reach { $provider }: check the internet connection, then press Retry. Nothing was sent.
error-network-kept = { $provider } did not answer. The sale is kept: retry it when { $provider } can be reached.
# The window itself
error-no-window = paydesk must be opened from its own app window, not from a web browser.
error-unknown = Something went wrong.

## The command line (crates/cli)

cli-hint-again = See it with `paydesk link show { $link }`, or add --again to make a new one anyway.
cli-hint-retry = Run `paydesk link retry { $link }` to finish it: it looks the sale up first, so it never makes a second link.

## Amounts typed (crates/core/src/money.rs)

amount-empty = Enter an amount, for example 1500 or 1,500.50.
amount-not-a-number = "{ $input }" is not an amount: type digits, for example 1500.
amount-negative = The amount must be more than zero; a negative amount cannot be charged.
amount-exponent = "{ $input }" uses exponent notation: type the amount in full, for example 1500.
amount-stray-char = "{ $input }" contains "{ $char }": type only digits and one "{ $decimal }" before the decimals.
amount-two-decimal-marks = "{ $input }" has more than one decimal separator "{ $decimal }".
amount-misplaced-group = "{ $input }" has a misplaced "{ $group }": group thousands by three, or leave them out.
amount-misplaced-space = "{ $input }" has a misplaced space: group thousands by three, or leave them out.
# "1,5" where "," groups thousands: the person meant decimals
amount-group-as-decimal = "{ $input }" has "{ $group }" where decimals would start: "{ $group }" groups thousands here; type "{ $decimal }" before the decimals.
amount-group-after-decimal = "{ $input }" has a "{ $group }" after the decimal separator.
amount-too-many-decimals = { $allowed ->
    [0] { $currency } has no decimals: type a whole amount.
    [1] { $currency } has only 1 decimal place: "{ $input }" has { $found }.
   *[other] { $currency } has only { $allowed } decimal places: "{ $input }" has { $found }.
}
amount-too-large = "{ $input }" is too large to be an amount.
amount-zero = The amount must be more than zero.
amount-over-limit = The amount is too large: at most { $max } per link.

## The customer window (customer.html, customer.js)

customer-title = paydesk — pay here
customer-fullscreen = Full screen
    .title = Full screen (F11)
customer-fullscreen-exit = Exit full screen
customer-qr =
    .alt = QR code: scan it with your phone to pay
customer-training = TRAINING — not a real payment
customer-payment =
    .aria-label = Payment
customer-scan = Scan with your phone camera to pay
customer-amount-to-pay = Amount to pay
customer-amount-paid = Amount paid
customer-one-moment = One moment…
customer-not-real = not a real payment
customer-stamp-thanks = Thank you
customer-stamp-failed = Payment failed
customer-stamp-ask = Please ask at the counter
customer-stamp-new-link = Please ask for a new link
customer-stamp-part-refunded = Part refunded
customer-no-link = No payment link to show: open this window from the link screen.
customer-language =
    .aria-label = Language for the customer

## The sale's screen (screens/link.js)

link-opened-browser = Opened in your browser.
link-opened-mail = Opened your email program.
link-shown-customer = Shown on the customer window. Drag it to the customer's screen; it has a Full screen button.
link-paused = Checking paused while paydesk was in the background; it starts again when you come back.
link-from = from { $email }
link-for = for “{ $description }”
link-qr-soon = The QR code appears here in a moment.
link-qr-none = No QR code: there is no payment link yet.
link-provider-says = { $provider } says “{ $word }”
link-detail-reference = Reference
link-detail-local-id = Local id
link-detail-provider-id = Provider's id
link-detail-provider-word = Provider's word
link-detail-sale = Sale
link-detail-created = Created
link-detail-changed = Last change
link-sale-attempt = #{ $sale } — attempt { $n } of { $count }
link-unused-reference = Unused reference { $reference }
link-copied = Copied ✓
link-copied-note = Link copied. Paste it into a message to the customer.
link-png-filter = PNG image
link-qr-saved = QR code saved to { $path }

## The provider's actions (screens/link-actions.js)

share-not-offered = { $provider } does not email links itself: use Email above to send it from your own mail.
cancel-link = Cancel this link
cancel-link-confirm = Click again to cancel for good
cancel-link-why = The customer will no longer be able to pay it.
cancel-link-not-offered = { $provider } links cannot be cancelled from paydesk.
share-sent = sent
share-failed = not sent: { $error }
share-sending = sending…

## The sale box (sale.js, screens/sale-panel.js)

action-retry = Retry
action-failover = Try another provider
action-cancel-sale = Cancel the sale
action-new-sale = New sale
sale-why-failed = The customer's payment did not go through.
sale-why-expired = The link ran out before it was paid.
sale-why-cancelled = This link can no longer be paid.
sale-why-refunded = The money went back to the customer.
sale-why-refunded-training = A practice refund: no money moved.
sale-asking = Asking { $provider } for the link…
sale-asking-why = The sale is saved. The link appears here in a moment.
sale-cancelled = Sale cancelled
sale-cancelled-why = Nothing can be paid for this sale.
sale-no-link = No payment link yet
sale-no-link-why = { $provider } has not given a link for this sale yet, so nothing can be paid. Press Retry to ask again.
sale-unknown-why = Check this payment in { $provider }'s dashboard before handing over the goods.
sale-paid-twice = This sale was paid twice.
sale-paid-twice-links = Paid twice: links { $first } and { $later } were both paid for what looks like one sale. Refund link { $later }.
sale-paid-twice-links-elsewhere = Paid twice: links { $first } and { $later } were both paid for what looks like one sale. Refund link { $later }, on the till that made it.
sale-the-provider = The provider
sale-failover-choice = { $provider } — { $badge }
sale-cancel-confirm = Press again to cancel the sale
sale-cancel-why = Nothing can be paid for a cancelled sale.
sale-show-link = Show link { $link }
sale-row-no-link = the sale is kept: Retry makes its link
dup-amount = Amount
dup-customer = Customer
dup-for = For
dup-made = Made
dup-status = Status

## Refunds (screens/refund.js)

refund-word-sending = being sent
refund-word-pending = on its way
refund-word-processed = refunded
refund-word-failed = failed
refund-list =
    .aria-label = Refunds
refund-open = Refund…
refund-title = Refund
refund-title-paid = Refund a payment of { $amount }
refund-amount-label = Amount to give back
refund-amount-label-in = Amount to give back, in { $currency }
refund-reason-label = Reason (optional)
refund-pin-label = Manager PIN
refund-cancel = Cancel
refund-send = Refund
refund-send-amount = Refund { $amount }
refund-summary = Refunded { $refunded } of { $amount } · { $left } left to refund
refund-line = { $when } — { $amount }{ $reversal ->
    [yes] {" "}as a reversal
   *[no] {""}
}: { $state }
refund-line-word = {" "}({ $provider } says “{ $word }”)
refund-line-reason = {" "}— “{ $reason }”
refund-dashboard = Refund in { $provider }'s dashboard
refund-no-api = { $provider } publishes no refund API: refund it in { $provider }'s dashboard.
refund-other-till = Made on another till: refund it there, where its refunds are kept.
refund-no-api-at = { $provider } publishes no refund API: refund it in { $provider }'s dashboard ({ $url }).
refund-all-left = Can still be refunded: { $amount }
refund-the-amount = the amount typed
refund-confirm = Give back { $amount } to { $email } through { $provider }? This cannot be undone.
refund-confirm-training = Practice: give back { $amount } to { $email } through { $provider }? This is a practice link: no money moves.
refund-done = This refund: { $amount } given back.
refund-asked = This refund: { $amount } asked for.

## Manager PIN (screens/pin.js)

pin-title = Manager PIN
pin-hint = When set, paydesk asks for it before a refund and before an API key is saved or deleted. 5 wrong in a row and it waits 30 s.
pin-current = Current PIN
pin-new = New PIN (4 to 12 digits)
pin-set = Set PIN
pin-change = Change PIN
pin-clear = Clear PIN
pin-is-set = A manager PIN is set.
pin-not-set = No manager PIN is set: anyone at this till can refund and change keys.
pin-saved = Manager PIN saved ✓
pin-cleared = Manager PIN cleared.
pin-prompt = Enter the manager PIN
pin-prompt-for = Enter the manager PIN to { $what }
pin-cancel = Cancel
pin-ok = OK

## The shop hub (hub.js, screens/hub.js)

hub-offline = Offline — { $waiting } waiting
hub-synced = Synced
hub-synced-ago = Synced { $when } ago
hub-waiting = { $synced } · { $waiting } waiting
hub-ago-s = { $n } s
hub-ago-min = { $n } min
hub-ago-h = { $n } h
hub-card-set = Set up (from the { $source }). This till: { $till }. { $waiting ->
    [one] 1 change waiting to be sent.
   *[other] { $waiting } changes waiting to be sent.
}
hub-card-not-set = Not set up. This till: { $till }.
hub-saved = Saved in the keyring. Set up the hub once per shop, then this till syncs by itself.
hub-init-done = The hub is set up (schema { $version }).
hub-sync-done = Synced.
hub-none = No hub is set up.

## Keyboard (shortcuts.js)

keys-line = Keyboard: { $list }
keys-new-sale = new sale
keys-search = search History
keys-fullscreen = full screen (customer window)
keys-or = { $a } or { $b }

## shell

# The window's frame (index.html): the name, the navigation
app-name = paydesk
app-nav =
    .aria-label = Screens
nav-history = History
nav-today = Today
nav-settings = Settings
field-optional = (optional)
field-currency = Currency
field-provider = Provider
field-mode = Mode
field-till = Till
paper-legend = Paper
paper-roll = 80 mm roll
paper-print = Print
# New sale (index.html; the training banner reads: Training mode: practise … Set up a real provider in Settings to take payments.)
new-training-mode = Training mode:
new-training-practise = practise without an account — no money moves.
new-training-setup = Set up a real provider in Settings
new-training-setup-why = to take payments.
new-email = Customer's email
new-email-input =
    .placeholder = name@example.com
new-description = What for
new-description-input =
    .placeholder = e.g. 2 loaves and a cake
new-provider = Take the payment with
new-duplicate-title = This looks like a sale you already made
new-duplicate-lead = { $email } was already asked for { $amount } at { $at }. Show that link, or make a new one anyway.
new-duplicate-show = Show that link
new-duplicate-again = Make a new one anyway
new-create = Create payment link
new-summary =
    .aria-label = What will be charged
new-summary-label = The customer will be asked to pay
new-summary-note = Check the amount with the customer before you create the link.
# The sale's screen (index.html)
link-qr =
    .alt = QR code of the payment link
link-qr-missing = No QR code yet: the link was not created.
link-offline = Offline — will keep checking
link-details = Details
link-failover-label = Make this sale's link with:
link-simulate-label = Training — simulate the customer:
link-simulate-paid = Paid
    .aria-label = Simulate: Paid
link-simulate-failed = Failed
    .aria-label = Simulate: Failed
link-simulate-expired = Expired
    .aria-label = Simulate: Expired
link-print-receipt = Print receipt
link-show-customer = Show to customer
link-copy = Copy link
link-open = Open in browser
link-email = Email
link-save-qr = Save QR as PNG
link-like-this = New sale like this
# Around the provider's name: Have Paystack email the link
link-share-before = Have
link-share-after = email the link
link-share-to = Send to
link-share-name = Their name
link-share-name-optional = (from the address if empty)
link-share-message = Message
link-share-send = Send the email
link-share-history =
    .aria-label = Emails sent
link-url-label = Link:
link-timeline = Details and timeline
# History (index.html)
history-verify-all = Verify all open
history-export-csv = Export CSV
history-offline = Offline — showing the last known state
history-search-label = Search
history-search =
    .placeholder = Email, description or reference
history-verify-bar =
    .aria-label = Verifying open links
history-actions = Actions
history-load-more = Load more
# Today, the Z report, the receipt (index.html)
today-day-label = Day
today-print-z = Print Z report
today-back = Back to today
today-title-yesterday = Yesterday
today-title-other = Another day
today-hint = Each sale counts on the shop day it was made, with its status now. Paid counts a sale still paid at its whole amount, even when part of it was given back; a sale refunded in full counts only under Refunded. Kept after refunds is the paid total less what was given back on the sales still paid. Currencies are never added together.
today-chart-title = Last 30 days
today-chart-table = The same figures as a table
zreport-back = Back to Today
receipt-title = Receipt
receipt-back = Back
# Settings (index.html)
settings-keys-title = API keys
settings-keys-hint = Paste the secret key from your provider's dashboard. It is kept in this computer's keyring and never shown again.
settings-shop-title = Shop
settings-advanced = Advanced
settings-save = Save settings
hub-title = Shop hub
hub-hint = Optional: tills that share one PostgreSQL database show the whole shop's history. Without one this till works on its own.
hub-url-label = Hub address
hub-url =
    .placeholder = postgresql://till:password@host/shop?sslmode=require
# Followed by ?sslmode=require (as code) and a full stop
hub-url-hint = Kept in this computer's keyring and never shown again. Another machine needs
# Code, the same in every language
hub-url-sslmode = ?sslmode=require
hub-save = Save address
hub-init = Set up the hub
hub-sync = Sync now
# How long ago (format.js relativeTime); older than a week is a date
time-just-now = just now
time-min-ago = { $n } min ago
time-h-ago = { $n } h ago
time-yesterday = yesterday
# $n is 2 to 6
time-days-ago = { $n } days ago
# A link's last check; $when is a time-* message (kind: ago) or a date (kind: date)
time-last-verified = { $kind ->
    [date] last verified { $when }
   *[ago] last verified { $when }
}
time-not-verified = not verified yet
# An API key's state in Settings (format.js keyStatusText); $detail is key-status-last4 and/or a key-status-from-*, joined by a comma
key-status-not-set = Not configured
key-status-set = Configured
key-status-set-detail = Configured ({ $detail })
key-status-last4 = …{ $last4 }
key-status-from-keyring = from keyring
key-status-from-env = from { $variable }
# The email to the customer (format.js mailtoHref); the lines in this order, the shop's name last
mail-subject = Payment link
mail-subject-from = Payment link from { $merchant }
mail-hello = Hello,
mail-please-pay = Please pay { $amount } using this link:
mail-for = For: { $description }
mail-training = (TRAINING — this is a practice link, no money moves.)
mail-thanks = Thank you
# Verify all open (format.js verifySummary): Checked 3 open links: 1 changed, 1 could not be checked.
verify-none = No open links to check.
# $what: verify-open-links or verify-open-and-refunds; $tail: verify-nothing-changed or verify-changed, then verify-not-checked, joined by a comma
verify-checked = Checked { $what }: { $tail }.
verify-open-links = { $n ->
    [one] { $n } open link
   *[other] { $n } open links
}
verify-open-and-refunds = { $n ->
    [one] { $n } open link
   *[other] { $n } open links
} and the pending refunds of { $paid ->
    [one] { $paid } paid link
   *[other] { $paid } paid links
}
verify-nothing-changed = nothing changed
verify-changed = { $n } changed
verify-not-checked = { $n } could not be checked
verify-line-changed = #{ $link }: { $from } → { $to }
verify-line-changed-ref = #{ $link } { $reference }: { $from } → { $to }
verify-line-refund-given = #{ $link }: refund { $reference } given back
verify-line-refund-failed = #{ $link }: refund { $reference } failed, nothing was given back
verify-line-error = #{ $link }: { $error }
# The live preview under the amount field (money.js preview)
amount-preview-over-limit = Too large: at most { $max } per link.
amount-preview-decimals = { $currency } has { $allowed } decimals at most.
# A refused amount's reason, with no example number: under "1 50,50" an example such as 1,500.50
# reads as a correction to ten times what may have been meant.
amount-preview-chars = Type only digits, and "{ $decimal }" before the decimals.
amount-preview-two-decimal-marks = Only one "{ $decimal }", before the decimals.
amount-preview-group = A "{ $group }" is out of place: group thousands by three, or leave them out.
amount-preview-group-decimal = "{ $group }" groups thousands here: type "{ $decimal }" before the decimals.
amount-preview-space = A space is out of place: group thousands by three, or leave them out.
# History's till filter (filters.js)
filter-all-tills = All tills
filter-this-till = { $name } (this till)
till-unnamed = Till { $tail }

## history-new

# History (screens/history.js): the filters' first choices
history-all-statuses = All statuses
history-all-modes = Test and live
history-test-only = Test only
history-live-only = Live only
history-all-providers = All providers
history-none-match = No sales match these filters.
history-none-yet = No sales yet. Start one on the New sale screen.
# $shown and $total are already formatted ($total may end in "+": the count stops at 1,000); $count picks the plural
history-count = Showing { $shown } of { $total } { $count ->
    [one] link
   *[other] links
}, newest first
# A row's action failed: $error is the reason
history-link-error = Link #{ $link }: { $error }
# The bar's spoken value while every open link is checked
history-verify-checked = { $done } of { $total } checked
history-verify-progress = Checking open links: { $done } of { $total }…
history-verify-checking = Checking open links…
history-export-bar =
    .aria-label = Exporting the history
history-export-cancel = Cancel export
# $written and $total are already formatted
history-exporting-rows = Exporting: { $written } of { $total } rows…
history-exporting = Exporting…
# The file type in the Save dialog
history-csv-filter = CSV spreadsheet
# $rows is already formatted; $count picks the plural
history-exported = Exported { $rows } { $count ->
    [one] row
   *[other] rows
} to { $path }
history-export-cancelled = Export cancelled: no file was written.

# History's rows (screens/history-rows.js); the buttons' words are action-retry, action-failover
history-retry-label = Retry sale of link { $link }
history-failover-label = Try another provider for link { $link }
history-verify = Verify
history-verify-label = Verify link { $link }
# A sale with several attempts ($n is 2 or more)
history-attempts = { $n } attempts
history-attempts-label = Show the { $n } attempts of this sale
history-open-sale = Open this sale
history-open-attempt = Open this attempt
history-attempt = Attempt { $n }
history-attempt-no-link = No link made
history-paid-twice = Paid twice — open to refund
history-receipt = Receipt
    .title = Reprint receipt
    .aria-label = Reprint the receipt of link { $link }
# The "+" button: the form filled like this sale
history-like =
    .title = New sale like this
    .aria-label = New sale like link { $link }

# New sale (screens/new.js, newlink.js); "from …" and "for “…”" are link-from and link-for
new-provider-no-key = { $provider } — set up a key in Settings
new-provider-training = { $provider } (practice — no money moves)
new-currency-not-taken = { $provider } does not take { $currency }: pick a provider that does, then type the amount.
# Stands for $provider above when none is picked
new-this-provider = This provider
# Under the amount: $amount as the core will read it
new-will-ask = Will ask for { $amount }
new-type-like = Type it as you write it, e.g. { $example }
# After the badge in the summary card
new-via = {" "}via { $provider }
new-no-provider = No provider is set up yet.
new-add-key = Add a key in Settings to take payments.
new-hint-training = Practice links: the QR code leads nowhere and no money moves.
new-hint-live = LIVE: the customer pays real money.
new-hint-test = TEST key: nobody pays real money.
new-creating = Creating…

# Settings → Quick amounts (screens/presets-card.js)
presets-title = Quick amounts
presets-hint = Buttons on the New sale screen that fill the form. They never create a sale by themselves.
presets-add-title = Add a quick amount
presets-edit-title = Edit “{ $name }”
presets-name = Name on the button
presets-name-input =
    .placeholder = e.g. Coffee
presets-amount = Amount
presets-provider = Provider
presets-currency = Currency
presets-fills-in = The button fills in { $amount }.
presets-description = What for (optional)
presets-add = Add
presets-save-changes = Save changes
presets-cancel-edit = Cancel edit
presets-none = No quick amounts yet.
# After the preset's name in the list
presets-line = {" "}{ $amount } via { $provider }
presets-line-for = {" "}— { $description }
presets-edit = Edit
    .aria-label = Edit the quick amount { $name }
presets-remove = Remove
    .aria-label = Remove the quick amount { $name }
presets-saved = Quick amount saved ✓
presets-added = Added “{ $name }” ✓
presets-removed = Removed “{ $name }”.

# The quick amounts on the New sale screen (screens/quick.js)
quick-bar =
    .aria-label = Quick amounts
quick-fill = Fill the form: { $name }, { $amount }
quick-fill-for = Fill the form: { $name }, { $amount }, { $description }

## settings-day

# Settings (screens/settings.js): labels and help of the settings the window names itself
settings-field-merchant-name = Shop name
settings-field-default-provider = Provider picked first
settings-field-default-currency = Currency picked first
settings-field-mode = Key to use when both test and live are set
settings-field-timeout = Seconds to wait for a provider
settings-help-merchant-name = Shown with the QR code and in the email to the customer.
settings-help-mode = Only matters when both keys are saved. LIVE takes real money.
settings-help-timeout = How long to wait for an answer before saying the provider is unreachable.
# Under the Language setting (label: language-label; choices: language-auto and each language's name)
settings-help-language = The language of this window's words, dates and amounts.
# The choices of the mode setting
settings-mode-auto = Decide from the keys
settings-mode-test = Test key
settings-mode-live = Live key
# $variable: an environment variable (PAYDESK_PAYSTACK_KEY)
settings-set-by-env = Set by { $variable }: change it there.
settings-using-default = Using the default.
# $folder: where the history is kept on this computer
settings-about = paydesk { $version } · history kept in { $folder }
settings-result-saved = Saved ✓
settings-result-nothing = Nothing to save: no setting changed.
settings-result-partly = The other changes are saved; fix the one marked.
# A provider's API keys; $mode is test or live
settings-keyrow-none = No provider needs a key.
settings-keyrow-title = { $provider } { $mode } key
settings-keyrow-label = { $provider } { $mode } secret key
settings-keyrow-input =
    .placeholder = Paste the { $mode } key
settings-keyrow-save = Save
settings-keyrow-delete = Delete key
settings-keyrow-delete-confirm = Click again to delete
settings-keyrow-deleted = Key deleted from the keyring.
settings-keyrow-nothing-to-delete = There was no key to delete.
# What the manager PIN is asked for: the end of pin-prompt-for
settings-keyrow-pin-save = save the { $provider } { $mode } key
settings-keyrow-pin-delete = delete the { $provider } { $mode } key

# Settings → Backups (screens/backups-card.js)
backups-title = Backups
backups-hint = A copy of the whole history, safe to take while paydesk works. API keys are never in a backup: they stay in this computer's keyring.
backups-now = Back up now
backups-restore = Restore…
backups-daily-title = Automatic daily backups
backups-col-day = Day
backups-col-size = Size
# $folder: a folder, or backups-data-folder; $days: backup.keep_days
backups-daily-keep = Made when paydesk starts, once a day, in { $folder }; each is kept { $days } days (the backup.keep_days setting, under Advanced).
backups-data-folder = the data folder
backups-none-yet = None yet.
backups-restore-waiting = A restore is waiting: close paydesk and open it again to finish it. The current history is then kept aside, never overwritten; until then paydesk goes on using it.
backups-restore-cancel = Cancel the restore
backups-restore-cancelled = Restore cancelled: the history stays as it is.
backups-restored = A backup was restored when paydesk started.
backups-restored-aside = A backup was restored when paydesk started. The history before it is kept as { $path }.
# $size: already formatted (1.2 MB)
backups-done = Backed up to { $path } ({ $size }) ✓
backups-staged = { $file } is a sound paydesk backup ✓
# The end of pin-prompt-for
backups-pin-restore = restore a backup
# The kind of file in the save and open dialogs
backups-filter = paydesk backup

# Today (screens/today.js), its totals also on the Z report
today-mode-live = Live sales
today-mode-test = Test sales — no real money
today-mode-training = Training — practice, no money moves
today-no-sales = No sales on this day.
# Under each mode's totals: what the shop keeps once the refunds are off, then each currency's figure
today-kept = Kept after refunds:
# $title: today-mode-*
today-totals-caption = { $title }: totals per provider and currency
today-col-provider = Provider
today-col-currency = Currency
# Number of sales paid
today-col-paid = Paid
today-col-paid-total = Paid total
today-col-waiting = Waiting
today-col-failed = Failed
today-col-expired = Expired
today-col-cancelled = Cancelled
today-col-refunded = Refunded
today-col-refunded-total = Refunded total
today-chart-empty = No live sale was paid in these 30 days.
today-chart-last-30 = Last 30 days
today-chart-last-30-in = Last 30 days: live sales paid in { $currency }
# A bar's tooltip: a day and its total
today-chart-bar = { $day }: { $amount }
today-chart-caption = Live sales paid per day in { $currency }, the last 30 days
today-chart-col-day = Day
today-chart-col-count = Sales paid
today-chart-col-total = Paid total ({ $currency })

# A paid sale's receipt (screens/receipt.js)
receipt-not-paid = This sale is not paid: there is no receipt to print.
receipt-paper-title = Receipt
# Test and training receipts: the badge and its hint (badge-*)
receipt-mark = { $badge }: { $hint }
receipt-row-for = For
receipt-row-provider = Paid with
receipt-row-reference = Reference
# When it was paid
receipt-row-paid = Paid
receipt-row-refunded = Refunded
receipt-thanks = Thank you
# A wholly refunded sale's receipt, under its amount
receipt-refunded-whole = Refunded in full
# The receipt's refunds that went through, each with when, how much, why and our reference
receipt-refunds-title = { $count ->
    [one] Refund
   *[other] Refunds
}
receipt-refund-when = Date
receipt-refund-amount = Given back
receipt-refund-reason = Reason
receipt-refund-reference = Reference

# The Z report (screens/zreport.js)
# The dash goes with the day: on a till roll the day goes under "Z report", never a dash left dangling
zreport-title = Z report — { $day }
# $tills: the tills' names, joined by commas
zreport-tills = { $count ->
    [one] Till
   *[other] Tills
}: { $tills }
zreport-printed = Printed { $when }
zreport-no-sales = No paid sales.
# The Z report's paid sales, one list per mode like the totals above them
zreport-sales-live = Live sales paid ({ $count })
zreport-sales-test = Test sales paid ({ $count }) — no real money
zreport-sales-training = Training sales paid ({ $count }) — practice, no money moved
zreport-col-time = Time
zreport-col-till = Till
zreport-col-provider = Provider
zreport-col-reference = Reference
zreport-col-for = What for
zreport-col-amount = Amount
# The Z report's refunds: the day's sales money went back on, one list per mode, after the paid ones
zreport-refunds-live = Live refunds ({ $count })
zreport-refunds-test = Test refunds ({ $count }) — no real money
zreport-refunds-training = Training refunds ({ $count }) — practice, no money moved
# When the refund was made (with its date when not on the report's day)
zreport-col-refunded-at = Time
zreport-col-reason = Reason
zreport-col-given-back = Given back
# Under a part given back: the sale's whole amount
zreport-refund-of = of { $amount }
# Refunds made on the report's day of sales made on earlier days: apart from the totals
zreport-earlier-hint = Also given back on this day, for sales of earlier days. These refunds count in their sale's own day, not in the totals above.
zreport-earlier-live = Live refunds of earlier sales ({ $count })
zreport-earlier-test = Test refunds of earlier sales ({ $count }) — no real money
zreport-earlier-training = Training refunds of earlier sales ({ $count }) — practice, no money moved
# The day the refunded sale was made
zreport-col-sale-day = Sale of
# In place of a reason: no refund of paydesk's behind it, the provider said it was given back
# (on its dashboard, say); the time beside it is when a verify saw that.
zreport-earlier-outside = Given back at { $provider }, seen by verify

## cli
## The command line's words for people (crates/cli): its tables, lines, prompts and messages.
## `--json`, CSV and exit codes never change with the language. English must say exactly what
## the CLI always said (tests and the README quote it).

# strftime patterns for dates and times in tables and lines
cli-date = %Y-%m-%d
cli-datetime = %Y-%m-%d %H:%M:%S
# a status word in a table or line: a link's (open, paid, …) or a refund's (sending, pending, processed, failed)
cli-status = { $status }
# the mode column: test or live
cli-mode = { $mode }
# $mode: training, test or live
cli-mode-badge = { $mode ->
    [training] { badge-training }: not a payment
    [test] { badge-test } mode: no money moves
   *[live] { badge-live } mode: real money
}
cli-link-head = Link { $id } · { $amount } · { $provider } · { $badge }
cli-none-yet = (none yet)
# Labels before a value; the CLI lines the values up after the longest English one (11 characters)
cli-label-url = URL:
cli-label-reference = Reference:
cli-label-status = Status:
cli-label-refunded = Refunded:
cli-label-note = Note:
cli-label-qr = QR code:
cli-label-customer = Customer:
cli-label-for = For:
cli-label-created = Created:
cli-label-verified = Verified:
cli-label-uid = Uid:
cli-refunded-left = { $refunded } · left to refund: { $left }
cli-heading-history = Status history:
cli-heading-operations = Shares and cancels:
cli-heading-refunds = Refunds:
cli-heading-attempts-of-sale = Attempts of sale { $sale }:
cli-heading-references = References used:
cli-refund-says = ({ $provider } says { $word })
cli-refund-how = { $reversal ->
    [yes] {" "}as a reversal
   *[no] {""}
}
cli-quoted = “{ $text }”
cli-refund-done = Refunded { $amount } of link { $link } through { $provider }{ $reversal ->
    [yes] , as a reversal of the payment (its batch was still open)
   *[no] {""}
}.
cli-refund-asked = Asked { $provider } to refund { $amount } of link { $link }{ $reversal ->
    [yes] , as a reversal of the payment (its batch was still open)
   *[no] {""}
}: it says { $word }. `paydesk link verify { $link }` checks it again.
# link list: the table's headers
cli-no-links = No links match.
cli-col-id = ID
cli-col-created = CREATED (UTC)
cli-col-provider = PROVIDER
cli-col-mode = MODE
cli-col-amount = AMOUNT
cli-col-status = STATUS
cli-col-email = EMAIL
cli-col-reference = REFERENCE
cli-col-till = TILL
cli-shown-of = ({ $shown } of { $total } shown: use --limit or filters)
# $link and $provider arrive padded with spaces, to line up
cli-attempt = link { $link } { $provider } { $status }
cli-sale-head = Sale { $id } · { $amount } · { $email } · { $mode }
cli-sale-cancelled = (sale cancelled)
cli-sale-duplicate-of = made although link { $link } was like it (the owner chose)
cli-heading-attempts = Attempts:
# $source: keyring or env
cli-key-configured = configured (…{ $last4 }, from { $source })
cli-key-not-configured = not configured
cli-verify-summary = Verified { $checked } open link(s): { $changed } changed, { $errors } could not be checked.
cli-verify-changed = link { $link } ({ $reference }): { $from } → { $to }
cli-verify-refunds = Read again the pending refunds of { $links } paid link(s): { $settled } settled.
cli-verify-refund = link { $link }: refund { $reference } { $state }
cli-verify-error = link { $link }: { $error }
cli-not-set = (not set)
cli-stdout-failed = could not write to standard output: { $error }
# report day / report range
cli-report-day = Shop day { $day }
cli-report-days = Shop days { $from } to { $to }
cli-report-head = { $days } (each from { $starts } local time; a sale counts on the day it was made, with its status now)
cli-report-no-sales = No sales.
# Under each table: what the shop keeps of those sales, per currency ("NGN 1,800.50 · GBP 34.99")
cli-report-kept = Kept after refunds: { $amounts }
# `paydesk report sales`: the Z report's lists (crates/cli/src/daylist.rs)
cli-sales-paid = Paid:
cli-sales-refunds = Refunded:
cli-sales-none = No sale paid or refunded.
cli-sales-earlier = Given back on this day for sales of earlier days (counted on their own day):
# After an earlier sale's refund reason: the day that sale was made
cli-sales-earlier-of = sale of { $day }
# As zreport-earlier-outside, in `paydesk report sales`.
cli-sales-earlier-outside = given back at { $provider }, seen by verify
cli-sales-col-time = time
cli-sales-col-refunded-at = refunded at
cli-sales-col-till = till
cli-sales-col-reference = reference
cli-sales-col-amount = amount
cli-sales-col-given-back = given back
cli-sales-col-for = what for
cli-sales-col-reason = reason
# After a part given back's reason: the sale's whole amount
cli-sales-of = of { $amount }
cli-report-live = { badge-live }: real money
cli-report-test = { badge-test }: no money moved, not in the live totals
cli-report-training = { badge-training }: not payments, not in the live totals
cli-report-col-provider = provider
cli-report-col-currency = cur
cli-report-col-paid = paid
cli-report-col-paid-amount = paid amount
cli-report-col-open = open
cli-report-col-failed = failed
cli-report-col-expired = expired
cli-report-col-cancelled = cancelled
cli-report-col-refunded = refunded
cli-report-col-refunded-amount = refunded amount
cli-cannot-create = Cannot create { $file }: { $error }
cli-cannot-write = Cannot write { $file }: { $error }
cli-sync-done = Synced with the hub: { $sent } sent, { $received } received ({ $new } new here); { $waiting } waiting.
cli-backup-done = Backed up the history to { $file }. API keys are not in it: they stay in the OS keyring.
# Prompts: the CLI adds one space after them
cli-key-prompt = Paste the { $provider } secret key, then press Enter:
cli-key-none-piped = No key on standard input: pipe it in, e.g. `printf %s "$KEY" | paydesk key set paystack`.
cli-key-stored = Stored the { $provider } { $mode } key (…{ $last4 }) in the OS keyring.
cli-key-deleted = Deleted the { $provider } { $mode } key from the OS keyring.
cli-key-absent = There was no { $provider } { $mode } key in the OS keyring.
# Progress lines on a terminal; $done and $total are already grouped
cli-progress-verify = Verifying open links: { $done } of { $total } checked
cli-progress-export = Exporting: { $done } of { $total } rows
cli-verify-failed = { $failed } of { $checked } links could not be verified.
cli-stopped-retry = Stopped. Link { $link } is still waiting to be made: run `paydesk link retry { $link }` again to finish it.
cli-stopped-create = Stopped. The sale is saved as link { $link }, and { $provider } may or may not have made its link yet. Finish it with `paydesk link retry { $link }`: it looks the sale up first, so it never makes a second link.
cli-stopped-failover = Stopped. The new attempt is saved: finish it with `paydesk link retry` on the sale's latest link (`paydesk sale show { $sale }`).
cli-shared = Sent link { $link } by email through the provider: { $request }
cli-qr-no-page = Link { $link } has no payment page yet ({ $status }).
cli-qr-saved = Saved the QR code of link { $link } to { $file }.
cli-export-broke = The export stopped unexpectedly ({ $error }): no file was written.
# $rows: the count written for people; $count: the same number, for the plural
cli-exported = Exported { $rows } { $count ->
    [one] link
   *[other] links
} to { $file }.
cli-hub-prompt = Paste the hub's connection URL (postgresql://…), then press Enter:
cli-hub-none-piped = No address on standard input: pipe it in, e.g. `printf %s "$HUB_URL" | paydesk hub set`.
cli-hub-stored = Stored the hub's address in the OS keyring. Next: `paydesk hub init` once per shop, then `paydesk sync`.
cli-label-hub = Hub:
cli-label-till = This till:
cli-label-last-push = Last push:
cli-label-last-pull = Last pull:
cli-label-waiting = Waiting:
cli-hub-never = never
# $source: keyring or env
cli-hub-set-up = set up (from the { $source })
cli-hub-not-set-up = not set up
cli-hub-waiting = { $waiting } change(s) not sent yet
cli-sale-no-attempt = Sale { $sale } has no attempt yet.
cli-pin-prompt = Manager PIN:
cli-pin-new-prompt = New manager PIN (4 to 12 digits):
cli-pin-needed = A manager PIN is set: type it when asked, or pipe it in on the first line of standard input.
cli-pin-none-new = No new PIN given: type it when asked, or pipe it in on standard input.
cli-pin-set-done = The manager PIN is set: paydesk asks for it before a refund and before an API key is changed.
cli-pin-none = No manager PIN is set.
cli-pin-cleared = The manager PIN is cleared.
cli-pin-locked = A manager PIN is set; after too many wrong tries, PIN entry waits another { $secs } s.
cli-pin-is-set = A manager PIN is set.
cli-stdin-failed = Could not read standard input: { $error }
cli-terminal-failed = Could not read it from the terminal: { $error }
cli-restored = Restored the history from { $file } (schema { $schema }).
cli-restore-kept = The history that was in place is kept as { $file }.
cli-restore-nothing-before = There was no history in place before.
cli-restore-no-keys = API keys were not in the backup: they stay in this machine's OS keyring (`paydesk key list`).
cli-preset-minor-units = { $minor } (minor units) { $currency }
cli-presets-none = No quick amounts yet: add one with `paydesk preset add NAME AMOUNT`.
cli-preset-via = { $amount } via { $provider }
cli-preset-added = Added the quick amount "{ $name }": { $amount }.
cli-preset-removed = Removed the quick amount "{ $name }".
cli-presets-cleared = Every quick amount is removed.
# where a setting's value comes from, in config list: Default, Set, Env or Unset
cli-setting-source = { $source }
# a setting's help in config list; $key is the setting with - for . (day-starts_at), $help its English help
cli-setting-help = { $key ->
   *[other] { $help }
}
# link show: a share or cancel asked of the provider ($kind: share or cancel), and a reference's state (Current or Void)
cli-operation = { $kind }
cli-reference-state = { $state }

## layout

# Today's totals: the column heads as shown, with soft hyphens (U+00AD, invisible) where a long
# word may break on a narrow window; a screen reader hears today-col-* instead. Keep the words
# of today-col-*, only add the break points.
today-head-provider = Pro­vid­er
today-head-currency = Cur­ren­cy
today-head-paid = Paid
today-head-paid-total = Paid total
today-head-waiting = Wait­ing
today-head-failed = Failed
today-head-expired = Ex­pired
today-head-cancelled = Can­celled
today-head-refunded = Re­fund­ed
today-head-refunded-total = Re­fund­ed total
# A History row's button for a sale whose link failed (its aria-label is history-failover-label)
history-row-failover = Try another provider

## core errors
# Errors the core raises (crates/core/src/**, src-tauri/src): each one's English is the core's
# own words. $detail / $said carry the OS's or a provider's own words, as they are.

# link.rs: what a person typed
error-unknown-provider = Unknown provider "{ $input }": use one of { $known }.
error-unknown-mode = Unknown mode "{ $input }": use test or live.
error-unknown-status = Unknown status "{ $input }": use one of { $known }.
error-email-empty = Enter the customer's email address.
error-email-invalid = "{ $input }" is not an email address: check it, as in name@example.com.
error-email-no-domain = "{ $input }" has no full domain: check the part after @, as in name@example.com.
error-description-too-long = The description is too long: keep it under { $max } characters.
# $field names the text; $why: bidi, break or control; $code: the character's hex code
error-one-line = { $field ->
    [description] The description
    [name] The name
    [message] The message
    [reason] The reason
   *[value] The shop name
} contains { $why ->
    [bidi] a hidden control that changes the direction of text
    [break] a line break
   *[control] a control character
} (U+{ $code }): remove it and keep it to one line of plain text.

# money.rs, settings.rs: currencies, the number style, settings values
error-currency-code = "{ $input }" is not an ISO 4217 currency code: type three letters, for example NGN or USD.
error-number-style = The number format is not usable: its decimal and group marks must differ and not be digits or signs.
error-unknown-setting = Unknown setting "{ $input }": use one of { $known }.
error-shop-name = The shop name must be 1 to 60 characters on one line.
error-unknown-language = Unknown language "{ $input }": use auto or one of { $known }.
error-setting-window = The window must be a whole number of minutes from 0 (off) to 1440.
error-setting-concurrency = The number of requests in flight must be a whole number from 1 to 64.
error-setting-currency = "{ $input }" is not a currency paydesk's providers take: use one of { $known }.
error-setting-url = "{ $input }" is not a web address: use one starting with https://.
error-setting-url-http = "{ $input }" would send the API key unencrypted: use https://.
error-setting-date = "{ $input }" is not a date: use YYYY-MM-DD, as in 2024-02-05.
error-setting-token = Use 1 to 64 letters, digits, '-', '_' or '.'.
error-setting-days = The number of days must be a whole number from 1 to 365.
error-setting-keep-days = Keep backups for a whole number of days from 1 to 3650.
error-setting-timeout = The timeout must be a whole number of seconds from 1 to 300.

# desk/pin.rs: the manager PIN
error-pin-locked = Too many wrong PINs in a row: wait { $secs } s, then try again.
error-pin-digits = A manager PIN is { $min } to { $max } digits.
error-pin-salt = Could not make a salt for the PIN: { $detail }
error-pin-hash = Could not hash the PIN: { $detail }
error-pin-unreadable = The manager PIN stored in the history is unreadable: ask whoever set it up to clear it from a backup.
error-pin-needed = A manager PIN is set: enter it to go on.
error-pin-wrong-locked = Wrong PIN, { $times } times in a row: wait { $secs } s, then try again.
error-pin-wrong = Wrong PIN: { $left } more wrong in a row and PIN entry waits { $secs } s.

# desk/keys.rs, vault.rs, provider/*: API keys and the keyring
error-key-not-needed = { $provider } needs no key.
error-key-empty = The key is empty: paste the secret key from the provider's dashboard.
error-key-wrong-mode = That is a { $named } key, but it was offered as the { $want } key: set it with --mode { $named }.
error-key-mode-needed = { $provider } keys do not say whether they are test or live: set it with --mode test or --mode live.
error-key-env-not-provider = { $variable } does not hold a { $provider } key: check the variable.
error-key-stored-wrong-mode = The { $provider } key stored as the { $mode } key is not a { $mode } key: set it again with `paydesk key set { $slug }`.
error-key-empty-whole = The key is empty: paste the whole secret key from the provider's dashboard.
error-keyring-no-hub = This key store cannot hold the hub's address.
# $verb: read, save or delete; $detail: the keyring's own words
error-keyring-hub = Could not { $verb } the hub's address in the OS keyring ({ $detail }). Check that your keyring is running and unlocked, or, for scripts, pass it in PAYDESK_HUB_URL.
# $what is one of the error-keyring-* reasons below
error-keyring-key = Could not { $verb } the { $provider } { $mode } key: { $what }
error-keyring-no-secret-service = no Secret Service is running on the session bus (org.freedesktop.secrets was not provided). Start GNOME Keyring or KWallet, or, for scripts, pass the key in { $env }.
error-keyring-no-bus = no OS keyring is reachable (no Secret Service on the session bus). Start a desktop session with GNOME Keyring or KWallet, or, for scripts, pass the key in { $env }.
error-keyring-failed = the OS keyring failed ({ $detail }). Check that your keyring is running and unlocked, or, for scripts, pass the key in { $env }.
error-keyring-locked = the keyring is locked or refused access ({ $detail }). Unlock it (e.g. log in to the desktop session, or unlock the "Login" keyring in Passwords and Keys) and allow paydesk to use it, or, for scripts, pass the key in { $env }.
error-keyring-bad-encoding = the stored key is not valid text. Set it again with `paydesk key set { $slug } --mode { $mode }` or in Settings.
error-keyring-ambiguous = { $count } keyring entries match service "{ $service }" account "{ $account }". Remove them (e.g. in Passwords and Keys) and set the key again.
error-keyring-refused = the keyring refused the entry ({ $detail }). This is a bug in paydesk; please report it.
error-paystack-public-key = That is a Paystack public key (pk_…): paste the secret key, which starts with sk_test_ or sk_live_.
error-paystack-not-a-key = That does not look like a Paystack secret key: it starts with sk_test_ or sk_live_.
error-dojo-paystack-key = That looks like a Paystack key: a Dojo secret key starts with sk_sandbox_ (test) or sk_prod_ (live).
error-dojo-not-a-key = That does not look like a Dojo secret key: it starts with sk_sandbox_ (test) or sk_prod_ (live), from Dojo's Developer Portal.
error-payroc-paystack-key = That is a Paystack key: paste the Payroc API key from Payroc's Settings → API keys.
error-payroc-dojo-key = That is a Dojo key: paste the Payroc API key from Payroc's Settings → API keys.
error-payroc-bearer = That is a bearer token, which lasts an hour: paste the Payroc API key it was made from.
error-payroc-spaces = A Payroc API key is one word with no spaces: paste it again.
error-payroc-length = That is too short or too long to be a Payroc API key: paste the whole key.
error-payroc-terminal-missing = Set the Payroc processing terminal id: paydesk config set payroc.terminal_id ID (it is in Payroc's Settings → Processing terminals).
error-payroc-terminal-length = A Payroc processing terminal id has 4 to 50 characters: check payroc.terminal_id.
error-luxfin-empty = The key is empty: paste the API key from Luxfin's dashboard.
error-luxfin-bearer = Paste only the Luxfin API key, without "Bearer" in front of it.
error-luxfin-not-a-key = That does not look like a Luxfin API key: it is one word of plain letters, digits and symbols.

# A link's status inside a sentence ("Link 4 is paid"): $status is its name (link.rs LinkStatus)
status-word = { $status }

# desk/*: finding links and sales, the desk's own work
error-no-link-key = No link with id or reference "{ $key }" in the history.
# $name: the PAYDESK_* variable; $what: why its value was refused
error-env-setting = { $name }: { $what }
error-task-stopped = An internal task stopped unexpectedly ({ $detail }); nothing else was affected: try again.
error-no-home = No home directory: pass --data-dir or set PAYDESK_DATA_DIR.
error-no-sale = No sale with id "{ $id }" in the history.
error-failover-cannot-take = { $provider } cannot take this sale (it must take { $amount } in one link and have a { $mode } key): choose { $known }.
error-link-settled-elsewhere = Link { $link } was settled by another process.
error-link-settled-meanwhile = Link { $link } was settled meanwhile: look at it again.
error-link-now = Link { $link } is { $status } now: look at it again.
# $said: the provider's own status word
error-failover-may-be-paid = { $provider } has this link as { $said } and it may be paid: verify it instead of trying another provider.
# Whether another provider may be tried on a sale (desk/sales.rs failover_options)
failover-no-attempt = This sale has no attempt yet.
failover-sale-cancelled = This sale was cancelled.
failover-training = Training sales stay in Training.
failover-could-not = { $provider } could not make this link.
failover-nothing-reached = Nothing reached { $provider }.
failover-asked-first = paydesk first checks with { $provider } that it did not make a link after all, so the customer can never pay twice.
failover-payable = Link { $link } is { $status }: another provider is offered only when it cannot be paid.
failover-mode-unknown = This sale's mode is not known.
failover-no-provider = No other provider with a { $mode } key takes { $currency }.
error-not-a-currency = "{ $input }" is not a currency code: { $provider } takes { $known }.
error-currency-not-taken = { $provider } does not take { $currency }: use { $known }.
# $at: the time it was made (HH:MM); $status: status-word
error-duplicate = Link { $link } already asks { $email } for { $amount } (made at { $at }, { $status }).
error-retry-nothing = Link { $link } is already { $status }: there is nothing to retry.
error-retry-other-till = Link { $link } was made on another till: only that till can finish it.
error-no-reference-in-use = Link { $link } has no reference in use.
error-share-unsupported = { $provider } does not email links: copy the link or use your own email instead.
error-share-not-open = Link { $link } is { $status }: only an open link can be shared.
error-name-length = The name must be 1 to { $max } characters on one line.
error-share-message-too-long = The message is too long: keep it under 500 characters.
error-cancel-unsupported = { $provider } links cannot be cancelled from paydesk.
error-link-already = Link { $link } is already { $status }.
error-simulate-real = Link { $link } is a real { $provider } link: only training links can be simulated.
error-verify-unconfirmed = Link { $link } was never confirmed by { $provider }: retry it to finish making it.
error-refund-no-api = { $provider } publishes no refund API, so paydesk cannot refund its links.
error-refund-no-api-dashboard = { $provider } publishes no refund API, so paydesk cannot refund its links: refund link { $link } in { $provider }'s dashboard, { $url }.
error-refund-not-paid = Link { $link } is { $status }: only a paid link can be refunded.
# refunds are not shared between tills
error-refund-other-till = Link { $link } was made on another till: refund it there, where its refunds are kept.
error-reason-too-long = The reason is too long: keep it under { $max } characters.

# Files, backups, restores, the history's lock (desk/backup.rs, desk/openlock.rs, store/sqlite/backup.rs, desk/csv.rs)
# $action: what could not be done to $path; $detail: the OS's own words
error-file = Cannot { $action ->
    [read] read
    [create] create
    [open] open
    [lock] lock
    [move-aside] move aside
    [put-in-place] put in place
    [delete] delete
   *[write] write
} { $path }: { $detail }
error-could-not-write = Could not write { $path }: { $detail }
error-copy-busy = The history stayed busy for 5 s while being copied: try again.
error-file-exists = { $path } already exists: paydesk never overwrites a file; choose another name.
error-aside-exists = { $path } already exists: wait a second and restore again.
error-backup-no-file = There is no file { $name }.
error-backup-not-ours = { $name } is not a paydesk backup: { $detail }.
error-backup-unreadable = { $name } is not a paydesk backup: it cannot be read as a database ({ $detail }).
error-backup-no-history = { $name } is not a paydesk backup: it has no payment-link history in it.
error-backup-damaged = { $name } is damaged (SQLite's integrity check says: { $detail }); nothing was changed.
error-backup-newer = { $name } was written by a newer paydesk (schema { $version }; this one knows { $known }): update paydesk, then restore it.
error-restore-in-memory = This history is not a file: there is nothing to restore into.
error-restore-under-way = A backup is being restored into this history right now: wait for it to finish, then start paydesk again.
error-history-lock = Cannot lock the history: { $detail }
error-history-in-use = The history is open in another paydesk: close the paydesk window and wait for any other paydesk command to finish, then restore again. Nothing was changed.
error-export-cancelled = The export was cancelled: no file was written.
error-lease-no-runtime = A lease needs the async runtime: this is a bug in the front end.
# $since: the time it was taken (HH:MM:SS), or none
error-link-held-here = Link { $link } is being sent to the provider by another paydesk on this till (process { $pid }){ $since ->
    [none] {""}
   *[other] {" "}since { $since }
}: wait for it to finish, or stop that process, then retry.
error-link-held = Link { $link } is being sent to the provider by another till{ $since ->
    [none] {""}
   *[other] {" "}since { $since }
}: wait for it to finish, then retry.

# The history (store/**, report.rs)
error-no-link-number = No link #{ $link } in the history.
error-no-sale-number = No sale #{ $sale } in the history.
error-no-operation = No operation #{ $id } in the history.
error-no-refund = No refund #{ $id } in the history.
error-sale-bad-time = Sale { $sale } has an unreadable time "{ $time }" in the history.
error-sale-unreadable-time = A sale has an unreadable time in the history: { $detail }
error-sale-unknown-mode = A sale has an unknown mode "{ $word }" in the history.
# $what: reference or refund
error-history-unknown-word = Unknown { $what ->
    [reference] reference
   *[refund] refund
} state "{ $word }" in the history.
error-sale-cancelled = Sale { $sale } was cancelled: start a new sale instead.
error-sale-payable-attempt = Link { $link } of this sale is { $status } and may still be paid: a sale never has two payable links.
error-sale-cancel-payable = Link { $link } of this sale is { $status } and may still be paid: cancel that link first.
error-history-newer = The history database was written by a newer paydesk (schema { $version }; this one knows { $known }). Update paydesk to open it.
error-reference-taken = The reference { $reference } is already used by link #{ $link }.
error-link-taken-over = Link { $link } was taken over by another paydesk while this one waited for the provider: nothing from this attempt was kept. See `paydesk link show { $link }`.
# $pid: the other process, or none when it is on another till
error-refund-held = A refund of link { $link } is being sent by another paydesk{ $pid ->
    [none] {""}
   *[other] {" "}(process { $pid })
}: wait for it to finish, then look at the link again.
# $amount: the currency code, then the amount (NGN 1,500.50)
error-refund-unconfirmed = The refund of { $amount } on link { $link } was sent but { $provider } has not confirmed it yet: run the refund again with that amount (or none) to finish it first.
error-refund-done = Link { $link } is already refunded in full.
error-refund-nothing-left = Nothing is left to refund on link { $link }: refunds of all { $amount } are processed or on their way (see `paydesk link show { $link }`).
error-refund-zero = A refund must be more than zero.
error-refund-too-much = { $amount } is more than the { $left } left to refund on link { $link }.
error-refund-taken-over = Refund { $reference } was taken over by another paydesk while this one waited for the provider: see `paydesk link show { $link }`.
error-hub-event-unreadable = The hub sent an event paydesk cannot read ({ $uid }): { $detail }
error-hub-event-kind = The hub sent an event of an unknown kind "{ $kind }": update this till.
error-time-of-day = "{ $input }" is not a time of day: use HH:MM, as in 04:00.
error-date = "{ $input }" is not a date: use YYYY-MM-DD, as in 2024-03-31.
error-range-backwards = The range starts ({ $from }) after it ends ({ $to }).
error-date-too-far = { $date } is too far in the future.
# $detail: SQLite's own words
error-store-said = { $detail }
error-store-damaged = The history { $file } is damaged ({ $detail }): paydesk left it untouched. Move it aside and restore a backup, then start paydesk again.
error-store-no-access = Cannot write to { $dir }: check its permissions (the history is { $file }; { $detail }).
error-store-full = The disk holding the history { $file } is full: free some space, then try again.
error-store-busy = The history { $file } stayed locked by another paydesk for over { $secs } s: try again, and close a paydesk that hangs.
error-store-other = The history { $file } could not be used: { $detail }.
# $detail: the OS's own words about a file
error-os = { $detail }

# Quick amounts (desk/presets.rs)
error-preset-name = Give the quick amount a name of 1 to { $max } characters, as in "Coffee".
error-presets-unreadable = The quick amounts stored in the history are unreadable ({ $detail }): remove them with `paydesk preset clear` and add them again.
error-preset-gone = There is no quick amount "{ $id }": it may have been removed.
error-preset-name-taken = There is already a quick amount called "{ $name }": choose another name.
error-presets-full = There are already { $max } quick amounts: remove one first.
error-preset-unknown = There is no quick amount "{ $key }".
error-presets-write = Could not write the quick amounts: { $detail }

# The shop hub (hub/*, desk/sync.rs, desk/tills.rs)
# $why: form, no-host or no-tls
error-hub-url = The hub address cannot be used: { $why ->
    [no-host] it names no host
    [no-tls] a hub on another machine needs TLS: add ?sslmode=require (the password and the shop's sales would cross the network in clear text)
   *[form] write it as postgresql://USER:PASSWORD@HOST:5432/DATABASE?sslmode=require
}.
# $detail: the database's own words
error-hub-unreachable = The hub could not be reached: { $detail }
error-hub-tls = TLS could not be set up: { $detail }
# $step: what the hub was asked to do (hub/mod.rs db_error)
error-hub-refused = The hub refused to { $step ->
    [create-its-version-table] create its version table
    [keep-the-push] keep the push
    [keep-the-schema] keep the schema
    [list-the-tills] list the tills
    [lock-its-log] lock its log
    [note-this-till] note this till
    [record-its-version] record its version
    [say-its-version] say its version
    [say-where-its-log-ends] say where its log ends
    [say-whether-it-is-set-up] say whether it is set up
    [send-the-other-tills-events] send the other tills' events
    [start-a-push] start a push
    [start-setting-up] start setting up
    [take-the-schema] take the schema
   *[take-this-tills-events] take this till's events
}: { $detail }
error-hub-not-set-up = The hub is not set up yet: run `paydesk hub init` once (or Settings → Shop hub → Set up).
error-hub-newer-known = The hub was set up by a newer paydesk (schema { $version }; this one knows { $known }): update paydesk on this till.
error-hub-older = The hub's schema is older ({ $version }) than this paydesk's ({ $known }): run `paydesk hub init` to bring it up to date.
error-hub-newer = The hub was set up by a newer paydesk (schema { $version }): update paydesk on this till.
error-hub-none = No hub is set up: `paydesk hub set` (or Settings → Shop hub), or PAYDESK_HUB_URL for scripts.
# $known: the tills' names, each in quotes
error-no-till = No till is called "{ $name }": the tills are { $known } (other tills' names come with `paydesk sync`).

# qr.rs
error-qr-too-long = The link is too long for a QR code ({ $bytes } bytes; at most 2331 fit).
error-qr = This link cannot be made into a QR code: { $detail }.
error-qr-png = Could not encode the QR code as PNG: { $detail }

# A provider's answer paydesk refuses (provider/guard.rs, provider/payroc/*)
# $address: the address as sent, in quotes; $why: one of the page-url-* reasons below
error-page-refused = { $provider } sent a payment page address paydesk refused ({ $address }): { $why }. Nothing was shown to the customer or put in a QR code.
page-url-too-long = it is longer than 2048 characters
page-url-spaces = it holds spaces, control characters or backslashes
page-url-not-web = it is not a web address
page-url-http = it is a plain http:// address, not https://
page-url-not-https = it is not an https:// address
page-url-user = it carries a user name or password
page-url-secret = it carries a secret key
# $said: Payroc's own words, as a sentence; $mode: test or live
error-payroc-token-refused = Payroc said: { $said } A fresh token was refused too: check that payroc.base_url and payroc.identity_url both point at Payroc's { $mode ->
    [live] production (live)
   *[test] UAT (test)
} environment.
error-payroc-nothing-to-refund = Payroc lists no approved payment for payment link { $id }: there is nothing to refund.
# $offered: the operations Payroc offers, or nothing
error-payroc-no-refund = Payroc allows neither a refund nor a reversal of payment { $payment } now (it offers: { $offered }): give the money back in Payroc's dashboard.

# The app's shell (src-tauri/src)
error-window-open = The window could not be opened: { $detail }
error-save-where = Choose where to save the file.
error-save-failed = Could not save { $path }: { $detail }
error-report-days = Choose from 1 to { $max } days, with "to" on or after "from".
error-export-running = An export is already running: wait for it or cancel it.
error-no-page-yet = Link { $link } has no payment page yet ({ $status }): retry it first.
# a paid, refunded, failed, expired or cancelled link: its QR is not handed out any more
error-not-handed-out = Link { $link } is { $status }: its QR code is no longer handed out.
error-page-limit = A page must hold at least one link.

# What a provider said of a key just saved (desk/app.rs check_key, the set_key command)
key-check-accepted = { $provider } accepted the { $mode } key.
# $detail: why the provider could not be reached, in its own words
key-check-not-asked = The key is saved, but { $provider } could not be asked about it: { $detail }
# $what: the error, said in full
key-check-failed = The key is saved, but it could not be checked: { $what }

# A pending refund verify could not read again (desk/refunds.rs); $what: the error, said in full
refund-reread-error = refund { $reference }: { $what }
# $detail: the provider's own words
refund-reread-not-found = refund { $reference }: { $provider } did not find it ({ $detail }); it stays pending
