# Sigillo — English user interface texts.

## PEC message kinds
kind-posta-certificata = Certified mail
kind-anomalia = Anomaly (not certified)
kind-accettazione = Acceptance receipt
kind-non-accettazione = Non-acceptance notice
kind-presa-in-carico = Take-over receipt
kind-avvenuta-consegna = Delivery receipt
kind-errore-consegna = Non-delivery notice
kind-preavviso-errore-consegna = Delivery timeout notice
kind-rilevazione-virus = Virus detection notice
kind-ordinaria = Ordinary mail (not PEC)
kind-illeggibile = Unreadable

receipt-completa = complete
receipt-breve = short
receipt-sintetica = summary

recipient-certificato = certified
recipient-esterno = external (outside PEC: no delivery receipt)

## Warnings about a message
warn-outer-header-differs = The unsigned header “{ $field }” says “{ $outer }”, but the certified data say “{ $certified }”: the certified data prevail.
warn-kind-mismatch = The header declares “{ $header }” but the certified data (daticert.xml) say “{ $daticert }”: the certified data prevail.
warn-missing-daticert = A message of the kind “{ $kind }” must carry certification data (daticert.xml), and this one does not.
warn-missing-subject-prefix = The subject does not start with “{ $expected }” as the PEC rules prescribe.
warn-pec-headers-missing = The PEC headers (X-Trasporto / X-Ricevuta) are missing: the kind “{ $daticert }” comes from the certified data alone.
warn-unknown-header-value = The { $header } header has a value the PEC rules do not define: “{ $value }”.
warn-conflicting-headers = The message has both X-Trasporto and X-Ricevuta: it is not a regular PEC message.
warn-unknown-daticert-tipo = The certified data have a missing or unknown type: “{ $value }”.
warn-duplicate-daticert = The message holds { $count ->
    [one] { $count } daticert.xml file
   *[other] { $count } daticert.xml files
} at the same level: the first one was used.
warn-missing-original = A message of the kind “{ $kind }” should carry the original message (postacert.eml), and this one does not.
warn-rewrapped = The signed envelope was re-wrapped by a third party (for example a mailing list): the outer headers are not the provider's.
warn-provider-only = Messages of the kind “{ $kind }” are exchanged between providers and normally never reach a user.
warn-virus-reported = The provider reported a virus in this message.
warn-final-timeout = Final notice (code 5.4.1): the message was not delivered within 24 hours and the transmission ended with a negative outcome.
warn-consegna-not-a-recipient = The delivery address “{ $consegna }” is not among the certified recipients.
warn-contains-forwarded-pec = This message is not PEC but carries { $count ->
    [one] { $count } PEC message forwarded as an attachment.
   *[other] { $count } PEC messages forwarded as attachments.
}
warn-damaged-structure = The MIME structure of the message is damaged: some parts may be missing.
warn-ambiguous-signed-structure = The signed structure can be read in more than one way ({ $reason }): nothing in it is taken as certified.
malformed-several-signed-parts = the message holds more than one signed part
malformed-no-boundary = the signed part does not declare the separator of its parts
malformed-bad-boundary = the separator of the signed parts is not valid
malformed-duplicate-content-type = the Content-Type header appears more than once
malformed-duplicate-boundary = the separator of the parts is declared more than once
malformed-stray-boundary = the separator of the parts appears outside its lines (mid-line, inside a part or after the end)
malformed-unterminated = the signed part has no closing separator
malformed-part-count = { $count ->
    [one] the signed part has { $count } part instead of two (content and signature)
   *[other] the signed part has { $count } parts instead of two (content and signature)
}
malformed-parts-out-of-order = the signed parts are not the content followed by its signature
malformed-readers-disagree = different mail programs would read different signed parts
warn-too-large-to-analyse = The message is larger than 64 MB: it is kept byte for byte, but it was not analysed and its signature was not checked.
warn-daticert-recovered = The certification data are not correct XML; what could be recovered was recovered: { $detail }.

## daticert.xml problem details
daticert-invalid-utf8 = bytes that are not UTF-8 were replaced
daticert-control-characters = control characters removed from “{ $field }”
daticert-invalid-char-reference = invalid character reference { $reference } ignored
daticert-unknown-entity = entity “{ $name }” not expanded
daticert-not-well-formed = broken markup ({ $detail })
daticert-stray-text = stray text “{ $text }”
daticert-truncated = field “{ $field }” cut because it was too long
daticert-too-large = a { $bytes ->
    [one] { $bytes }-byte
   *[other] { $bytes }-byte
} file, only its beginning was read
daticert-wrong-root = the root element is “{ $name }” instead of “postacert”
daticert-bad-date = the date and time cannot be read
daticert-unknown-attribute-value = value “{ $value }” not allowed for “{ $attribute }”
daticert-missing-element = the element “{ $element }” is missing

## Command line
cli-file = File
cli-kind = Kind
cli-receipt-type = Receipt type
cli-subject = Subject
cli-sender = Sender
cli-recipients = Recipients
cli-provider = Provider
cli-date = Certified date
cli-inspect-not-verified = not checked by “inspect”: what follows is what the message says; “sigillo verify” says whether it is certified
cli-date-daticert = Date (daticert)
cli-pec-id = PEC identifier
cli-client-msgid = Sender's Message-ID
cli-delivered-to = Delivered to
cli-error = Error
cli-original = Original message
cli-attachments = Attachments
cli-warnings = Warnings
cli-none = none
cli-error-read = cannot read { $path }: { $reason }
cli-size-bytes = { $size ->
    [one] { $size } byte
   *[other] { $size } bytes
}

## Provider signature
status-valid = Valid signature
status-tampered = Tampered
status-untrusted = Signer not recognised
status-expired = Certificate expired at signing
status-unsigned = No provider signature
status-malformed = Unreadable signature
status-valid-explained = The provider signature is intact and the provider is recognised by the trust list at signing time.
status-tampered-explained = The content does not match the signature: the message was changed after signing and is no proof.
status-untrusted-explained = The signature is intact, but the signer is not a PEC provider recognised by the trust list.
status-expired-explained = The provider certificate was not valid when the message was signed.
status-unsigned-explained = The message carries no PEC provider signature: its content is not certified.
status-malformed-explained = There is a signature but it cannot be read: the content cannot be considered certified.
time-source-signing-time = the time the provider wrote in the signature
time-source-daticert = the time in the signed certification data
time-source-date-header = the Date header's time, which the signature does not cover
time-source-now = the current time: the message does not say when it was signed
verify-signing-time = Checked at { $time } ({ $source })
note-expired-since-signing = The provider certificate expired on { $date }, after signing: the signature stays valid.
note-revocation-not-checked = Revocation was not checked (no revocation list available offline).
note-revocation-list-stale = The revocation list used expired on { $date }: a newer one may say more.
note-revocation-list-too-old = The revocation list available dates from { $date }, before the signature: it cannot tell whether the certificate was revoked when it signed.
note-weak-digest = The signature uses { $algorithm }, an algorithm no longer safe against forgery: it is accepted because it was made before 2025, when PEC providers still used it.
note-revoked = The provider certificate is revoked since { $date }.
note-provider-mismatch = The signer ({ $signer }) is not the provider named in the certified data ({ $gestore }).
note-sender-mismatch = The signer's address ({ $signer }) is not the sender of the message ({ $from }).

## Trust list
trust-enabled = enabled
trust-disabled = disabled
trust-source-builtin = built in
trust-source-user = added
trust-source-extra = this run only
trust-validity = valid from { $from } to { $to }
trust-crl-count = Revocation lists: { $count }
trust-added = Added to the trust list: { $subject }
trust-added-crl = Added the revocation list of { $issuer }
trust-removed = Removed from the trust list: { $subject }
trust-not-found = No trusted authority has a fingerprint starting with { $fingerprint } (give at least 8 hex digits).
trust-ambiguous = { $fingerprint } matches more than one authority: give more digits of the fingerprint.
cli-error-not-certificate = { $path } holds no certificate or revocation list (PEM or DER).
cli-trust-unusable = The profile's trust list cannot be loaded, so no signature can be checked: { $command ->
        [import] no message was imported.
        [sync] no message was downloaded.
        [send] no message was sent.
        [reindex] nothing was recomputed.
        [export] no dossier was written.
       *[verify] nothing was checked.
    } Fix or remove the file named above in { $folder } and run the command again.
cli-error-no-profile = Cannot find the profile folder: give it with --profile.
cli-error-no-message-id = No message of the archive has the Message-ID { $id } (a number is read as a store id: write a numeric Message-ID in angle brackets).
cli-error-message-id-ambiguous = Several messages have the Message-ID { $id } ({ $ids }): say which one with its store id.
store-error = the message store cannot be used: { $reason }
store-error-disk-full = the disk holding the message store ({ $path }) is full: the last write was undone and everything stored before is intact. Free some space and try again.
cli-pending = not yet analysed
cli-unverified = not verified
cli-size = Size (bytes)
cli-sha256 = SHA-256
cli-signature = Provider signature
cli-copies = Found in
cli-timeline = Outcome per recipient
cli-timeline-from-receipts = (the sent message is not in the store: outcome rebuilt from the receipts)
cli-acceptance = Acceptance
cli-timeline-receipts = receipts { $ids }
cli-reindex-progress = Re-analysing: { $done } of { $total ->
    [one] { $total } message
   *[other] { $total } messages
}
cli-reindex-done = Re-analysed { $messages ->
    [one] { $messages } message
   *[other] { $messages } messages
} ({ $unreadable } unreadable); { $timelines ->
    [one] { $timelines } sent PEC with a per-recipient outcome
   *[other] { $timelines } sent PECs with a per-recipient outcome
}; { $verified ->
    [one] { $verified } provider signature checked.
   *[other] { $verified } provider signatures checked.
}
cli-import-progress = Importing: { $messages ->
    [one] { $messages } message read
   *[other] { $messages } messages read
} ({ $percent }%)
cli-import-skipped-file = skipped (does not look like mail): { $path }
cli-import-summary = Import finished.
cli-import-read = Messages read
cli-import-imported = New in the store
cli-import-duplicates = Already there (duplicates)
cli-import-unreadable = Unreadable (kept anyway)
cli-import-resumed = Completed from an interrupted import
cli-import-skipped = Files skipped
cli-import-errors = Read errors
cli-import-time = Time
cli-pending-note = { $count ->
    [one] One message still waits for its analysis, left by an interrupted import or reindex, and may be missing from searches and timelines: the next import or sync completes it, or run “sigillo reindex”.
   *[other] { $count } messages still wait for their analysis, left by an interrupted import or reindex, and may be missing from searches and timelines: the next import or sync completes them, or run “sigillo reindex”.
}
cli-outdated-note = { $count ->
    [one] One message was read by an earlier version of Sigillo, by other rules, and still shows that reading: the next import or sync, “sigillo reindex” or opening the window analyses it and checks its signature again.
   *[other] { $count } messages were read by an earlier version of Sigillo, by other rules, and still show that reading: the next import or sync, “sigillo reindex” or opening the window analyses them and checks their signatures again.
}
cli-pending-busy-note = { $count ->
    [one] One message is being analysed by another Sigillo process ({ $pids }) and may be missing from searches and timelines until it finishes.
   *[other] { $count } messages are being analysed by another Sigillo process ({ $pids }) and may be missing from searches and timelines until it finishes.
}
cli-process-unknown = process not identified
cli-read-only-note = The profile { $path } is read-only (read-only media or no write permission): browsing, searching and exporting work; nothing is written to it.
cli-damaged-note = The message store is damaged ({ $detail }): it is open for reading only and nothing more is written into it. Run “sigillo repair” to copy every message that can still be read into a new store (the damaged file is kept).
cli-error-read-only = the profile { $path } is read-only (read-only media or no write permission) and this command would write to it: nothing was changed. Copy the profile to a folder you can write to, or give write permission, and run the command again.
store-error-read-only = the profile { $path } is read-only (read-only media or no write permission): nothing was changed. Copy the profile to a folder you can write to, or give write permission, and try again.
store-error-read-only-older = the store { $path } is read-only and was written by an earlier Sigillo (schema { $found }; this one reads schema { $known }): it cannot be upgraded where it is. Copy the profile folder to a place you can write to and open the copy (it is upgraded there).
store-error-needs-repair = the message store { $path } is damaged ({ $detail }): nothing more is written into it. Run “sigillo repair” to copy every message that can still be read into a new store; the damaged file stays beside it.
store-error-in-use = the store is in use by another Sigillo process ({ $pids }): close the window and other sigillo commands, then run the repair again.
cli-repair-progress = Repairing: { $done } of { $total ->
    [one] { $total } id read
   *[other] { $total } ids read
}
cli-repair-done = Repair complete: the new store is in place, the damaged one is kept as { $kept }.
cli-repair-finished-earlier = Finished the interrupted repair: the new store is in place, the damaged one is kept as { $kept }.
cli-repair-recovered = Recovered byte-exact (SHA-256 confirmed)
cli-repair-unconfirmed = Recovered with no fingerprint to compare
cli-repair-damaged = Damaged inside (not stored)
cli-repair-unreadable = Unreadable
cli-repair-copies = Places of origin rebuilt
cli-repair-damaged-files = The messages damaged inside were written, as they were read, into { $path }.
cli-repair-not-needed = The store { $path } passes SQLite's integrity check: there is nothing to repair. To rebuild it anyway use --force.

## Outcome per recipient of a sent PEC
acceptance-in-attesa = waiting for the acceptance receipt
acceptance-accettato = accepted by the sender's provider
acceptance-non-accettato = not accepted by the sender's provider
state-in-attesa = waiting for acceptance
state-accettato = accepted by the provider, waiting for delivery
state-non-accettato = not accepted by the provider
state-consegnato = delivered
state-errore-consegna = delivery error
state-preavviso = not yet delivered after 12 hours (early warning)
state-virus = not delivered: virus
state-esterno = external recipient (not PEC): accepted, no delivery receipt will ever come
state-in-ritardo = late: no delivery receipt in time


## Signed documents (.p7m)
p7m-status-valid = Valid signature
p7m-status-intact-not-checked = Signature intact, signer not checked
p7m-status-untrusted = Signer not recognised
p7m-status-expired = Certificate not valid at signing
p7m-status-malformed = Unreadable signature
p7m-status-tampered = Document tampered with
p7m-status-valid-explained = The document is intact and every signer has a certificate issued by a certification authority of your trust list, valid at signing time.
p7m-status-intact-not-checked-explained = The document was not changed after signing, but you have not imported a qualified-signature trust list: the name and fiscal code shown come from the certificate and were NOT checked. Import it with "sigillo p7m trust-import".
p7m-status-untrusted-explained = The document is intact, but the signer's certificate was not issued by a qualified certification authority of your trust list (or it was not qualified at signing time, or it is not a signing certificate).
p7m-status-expired-explained = The document is intact, but the signer's certificate was not valid at signing time.
p7m-status-malformed-explained = A signature is present but cannot be read or breaks the CMS rules: the document cannot be considered signed.
p7m-status-tampered-explained = The document does not match the signature: it was changed after signing and has no value.
p7m-time-signing-time = signing time declared by the signer's software
p7m-time-pec-delivery = certified delivery time of the PEC message that carried it
p7m-time-given = time given by you
p7m-time-now = current time (the signature does not say when it was made)
p7m-note-no-trust-list = No qualified-signature trust list imported: the signer was not checked.
p7m-note-signing-time-declared = The signing time is declared by the signer, not certified by a timestamp.
p7m-note-timestamp-not-checked = The signature carries a timestamp, which was not checked.
p7m-note-expired-since-signing = The signer's certificate expired on { $date }, after signing: the signature remains valid.
p7m-note-revocation-not-checked = Certificate revocation was not checked (Sigillo works offline).
p7m-warn-name-mismatch = The file name says ".{ $declared }" but the content is "{ $detected }": open it with care.
p7m-warn-layer-count = The file name announces { $named ->
    [one] { $named } signature layer
   *[other] { $named } signature layers
}, the file has { $found }.
p7m-error-not-signed = The file is not a signed document (CAdES / .p7m): it holds no CMS signature structure.
p7m-error-detached = The signature does not contain the document (detached signature): the signed file is not inside.
p7m-error-too-deep = The document is signed in more than { $max } nested layers: refused.
p7m-error-write = Cannot write { $path }: { $reason }
p7m-error-no-free-name = The folder { $dir } already holds { $name } and too many numbered copies.
p7m-error-bad-time = "{ $time }" is not an RFC 3339 date and time (for example 2024-05-31T10:00:00+02:00).
p7m-trust-error-not-certificate = { $path } holds neither certificates (PEM or DER) nor an ETSI trusted list (XML).
p7m-trust-error-list = { $path } is not a readable trusted list: { $reason }
p7m-trust-error-no-service = { $path } lists no certification authority issuing qualified signature certificates.
p7m-document = Document: { $name } ({ $type }, { $size ->
    [one] { $size } byte
   *[other] { $size } bytes
}), signature layers: { $layers }
p7m-signer = Signer { $n } (layer { $layer }): { $name }
p7m-countersigner = Counter-signature { $n } (of signature { $of }): { $name }
p7m-fiscal-code = Fiscal code: { $code }
p7m-organization = Organisation: { $name }
p7m-issuer = Certificate issued by { $issuer } ({ $listed })
p7m-issuer-listed = in the trust list
p7m-issuer-not-listed = not in the trust list
p7m-issuer-not-checked = not checked
p7m-trust-service = Qualified trust service provider: { $name }
p7m-extract-refused = The document was not saved because the signature is not intact; use --force to save it anyway.
p7m-extract-saved = Document saved to { $path }
p7m-trust-imported-pem = Signature trust list: { $count ->
    [one] { $count } certificate imported.
   *[other] { $count } certificates imported.
}
p7m-trust-imported-list = Trusted list { $territory } no. { $sequence }: { $count ->
    [one] { $count } qualified certification authority imported
   *[other] { $count } qualified certification authorities imported
} ({ $skipped ->
    [one] { $skipped } service of another type ignored
   *[other] { $skipped } services of other types ignored
}).
p7m-trust-unreadable = { $count ->
    [one] { $count } certificate of the list cannot be read and was ignored.
   *[other] { $count } certificates of the list cannot be read and were ignored.
}
p7m-trust-list-signature-not-checked = The trusted list's own signature was not checked: import only a list downloaded from the official source.

## Electronic invoices (FatturaPA)
fattura-code-unknown = { $code } (a code the technical rules do not define)
fattura-td-TD01 = Invoice
fattura-td-TD02 = Advance/down payment on invoice
fattura-td-TD03 = Advance/down payment on fee note
fattura-td-TD04 = Credit note
fattura-td-TD05 = Debit note
fattura-td-TD06 = Fee note (parcella)
fattura-td-TD07 = Simplified invoice
fattura-td-TD08 = Simplified credit note
fattura-td-TD09 = Simplified debit note
fattura-td-TD10 = Invoice for an intra-EU purchase of goods
fattura-td-TD11 = Invoice for an intra-EU purchase of services
fattura-td-TD12 = Summary document (art. 6, DPR 695/1996)
fattura-td-TD16 = Domestic reverse-charge invoice supplement
fattura-td-TD17 = Supplement/self-invoice for services bought abroad
fattura-td-TD18 = Supplement for an intra-EU purchase of goods
fattura-td-TD19 = Supplement/self-invoice for goods under art. 17(2) DPR 633/72
fattura-td-TD20 = Self-invoice regularising or supplementing invoices
fattura-td-TD21 = Self-invoice for exceeding the VAT-free ceiling
fattura-td-TD22 = Goods taken out of a VAT warehouse
fattura-td-TD23 = Goods taken out of a VAT warehouse with payment of VAT
fattura-td-TD24 = Deferred invoice (art. 21(4)(a) DPR 633/72)
fattura-td-TD25 = Deferred invoice (art. 21(4), third sentence, (b) DPR 633/72)
fattura-td-TD26 = Sale of depreciable assets and internal transfers (art. 36 DPR 633/72)
fattura-td-TD27 = Invoice for own use or free supplies without recharge
fattura-td-TD28 = Purchases from San Marino with VAT (paper invoice)
fattura-td-TD29 = Notice of omitted or irregular invoicing (art. 6(8) d.lgs. 471/1997)
fattura-mp-MP01 = cash
fattura-mp-MP02 = cheque
fattura-mp-MP03 = banker's draft
fattura-mp-MP04 = cash at the Treasury
fattura-mp-MP05 = bank transfer
fattura-mp-MP06 = promissory note
fattura-mp-MP07 = bank payment slip
fattura-mp-MP08 = payment card
fattura-mp-MP09 = direct debit (RID)
fattura-mp-MP10 = utility direct debit (RID utenze)
fattura-mp-MP11 = fast direct debit (RID veloce)
fattura-mp-MP12 = bank receipt (RIBA)
fattura-mp-MP13 = payment notice (MAV)
fattura-mp-MP14 = Treasury receipt
fattura-mp-MP15 = transfer between special accounting accounts
fattura-mp-MP16 = bank domiciliation
fattura-mp-MP17 = postal domiciliation
fattura-mp-MP18 = postal current account slip
fattura-mp-MP19 = SEPA Direct Debit
fattura-mp-MP20 = SEPA Direct Debit CORE
fattura-mp-MP21 = SEPA Direct Debit B2B
fattura-mp-MP22 = deduction from sums already collected
fattura-mp-MP23 = PagoPA
fattura-tp-TP01 = payment in instalments
fattura-tp-TP02 = full payment
fattura-tp-TP03 = advance payment
fattura-n-N1 = excluded under art. 15 DPR 633/72
fattura-n-N2 = not subject to VAT
fattura-n-N2-1 = not subject to VAT under arts. 7 to 7-septies DPR 633/72
fattura-n-N2-2 = not subject to VAT, other cases
fattura-n-N3 = zero-rated
fattura-n-N3-1 = zero-rated, exports
fattura-n-N3-2 = zero-rated, intra-EU supplies
fattura-n-N3-3 = zero-rated, supplies to San Marino
fattura-n-N3-4 = zero-rated, operations treated as exports
fattura-n-N3-5 = zero-rated, under a declaration of intent
fattura-n-N3-6 = zero-rated, other operations not counting towards the ceiling
fattura-n-N4 = exempt
fattura-n-N5 = margin scheme / VAT not shown on the invoice
fattura-n-N6 = reverse charge
fattura-n-N6-1 = reverse charge, scrap and other recovered materials
fattura-n-N6-2 = reverse charge, gold and silver
fattura-n-N6-3 = reverse charge, subcontracting in construction
fattura-n-N6-4 = reverse charge, sale of buildings
fattura-n-N6-5 = reverse charge, mobile phones
fattura-n-N6-6 = reverse charge, electronic products
fattura-n-N6-7 = reverse charge, construction and related services
fattura-n-N6-8 = reverse charge, energy sector
fattura-n-N6-9 = reverse charge, other cases
fattura-n-N7 = VAT paid in another EU state
fattura-expected-amount2 = an amount with a dot and two decimals (for example 1234.50)
fattura-expected-amount8 = an amount with a dot and two to eight decimals (for example 12.3456)
fattura-expected-rate = a rate with a dot and two decimals (for example 22.00)
fattura-expected-quantity = a quantity with a dot and two to eight decimals (for example 1.00)
fattura-expected-date = a date written YYYY-MM-DD
fattura-expected-base64 = base64-encoded content
fattura-error-not-invoice = The XML file is not an electronic invoice: its root element is <{ $root }> instead of <FatturaElettronica>.
fattura-error-missing = The invoice lacks { $path }.
fattura-error-invalid = In the invoice { $path } is "{ $value }", which is not { $expected }.
fattura-error-unknown = The XML file is neither an electronic invoice nor an SdI message (its root element is <{ $root }>).
fattura-warn-encoding = Some characters of the invoice are not valid in the declared encoding and were replaced.
fattura-warn-format = The invoice version is "{ $format }", neither FPA12 nor FPR12.
fattura-warn-code = { $path } is "{ $value }", a code the technical rules do not define.
xml-error-encoding = The file declares the encoding { $encoding }, which cannot be read.
xml-error-not-well-formed = The XML file is broken at line { $line }: { $detail }
xml-error-entity = The XML file uses the undefined entity &{ $name }; at line { $line }.
xml-error-empty = The file holds no XML element.
xml-error-too-large = The XML file is nested too deeply or has too many elements.

## SdI messages
sdi-kind-RC = Delivery receipt
sdi-kind-NS = Rejection notice
sdi-kind-MC = Failed delivery notice
sdi-kind-NE = Outcome notice
sdi-kind-DT = Time limit expiry notice
sdi-kind-AT = Certificate of transmission with failed delivery
sdi-kind-EC = Recipient's outcome notice
sdi-kind-SE = Rejection of the recipient's outcome
sdi-kind-MT = Metadata file
sdi-outcome-delivered = Invoice delivered to the recipient.
sdi-outcome-rejected = Invoice rejected by SdI: it was not issued; correct it and send it again.
sdi-outcome-not-delivered = The invoice could not be delivered to the recipient: it is available in their reserved area at the Revenue Agency and counts as issued anyway.
sdi-outcome-accepted = The recipient (public administration) accepted the invoice.
sdi-outcome-refused = The recipient (public administration) refused the invoice.
sdi-outcome-outcome-unknown = Outcome notice without a readable outcome.
sdi-outcome-terms-expired = Fifteen days passed without the recipient accepting or refusing the invoice: the procedure at SdI is closed.
sdi-outcome-transmitted-not-delivered = The invoice was transmitted, but it could not be delivered to the public administration it is addressed to.
sdi-outcome-recipient-accepts = Outcome sent by the recipient: invoice accepted.
sdi-outcome-recipient-refuses = Outcome sent by the recipient: invoice refused.
sdi-outcome-outcome-rejected = SdI rejected the outcome sent by the recipient.
sdi-outcome-metadata = Transmission data of the delivered invoice (metadata file).
sdi-error-not-notification = The XML file is not an SdI message: its root element is <{ $root }>.
sdi-error-missing = The SdI message lacks { $path }.

## sigillo fattura show
fattura-title = Electronic invoice { $format }
fattura-transmitter = Transmitter: { $id }, progressive { $progressive }
fattura-recipient-code = Recipient code: { $code }
fattura-supplier = Supplier
fattura-customer = Customer
fattura-vat = VAT number: { $id }
fattura-fiscal-code = Fiscal code: { $code }
fattura-address = Address: { $address }
fattura-regime = Tax regime: { $code }
fattura-body = { $type } no. { $number } of { $date }
fattura-reason = Reason: { $text }
fattura-lines = Lines
fattura-line = { $n }. { $description } — { $quantity } × { $price } = { $total } (VAT { $rate }%)
fattura-line-nature = nature { $nature }
fattura-vat-summary = VAT summary
fattura-vat-row = Rate { $rate }%: taxable { $taxable }, tax { $tax }
fattura-stamp-duty = Stamp duty: { $amount }
fattura-total = Document total: { $total } { $currency }
fattura-total-missing = Document total not stated; taxable plus tax: { $sum } { $currency }
fattura-payment = Payment: { $conditions }
fattura-payment-detail = { $method }: { $amount } { $currency }, due { $due }
fattura-iban = IBAN { $iban }
fattura-attachments = Documents attached to the invoice
fattura-attachment = { $name } ({ $size ->
    [one] { $size } byte
   *[other] { $size } bytes
}){ $description }
fattura-none-found = No electronic invoice or SdI message in { $path }.
fattura-signed-inside = Signed document { $name }:
sdi-title = { $kind } ({ $code })
sdi-file = Invoice file: { $name }
sdi-id = SdI identifier: { $id }
sdi-received = Received by SdI: { $time }
sdi-delivered = Delivered: { $time }
sdi-available = Available since: { $date }
sdi-invoice-ref = Invoice no. { $number } of { $year }
sdi-description = Description: { $text }
sdi-errors = Errors reported
sdi-error-row = { $code }: { $description }
sdi-suggestion = suggestion: { $text }
sdi-format = Format: { $format }
sdi-recipient-code = Recipient code: { $code }
sdi-attempts = Delivery attempts: { $count }
sdi-recipient = Recipient: { $who }
cli-verify-progress = Checking signatures: { $done } of { $total }
cli-import-verified = Signatures checked

## The app in menus and software centres (.desktop file, AppStream metainfo)
app-name = Sigillo
app-generic-name = Certified email client
app-summary = Reads and checks Italian certified email (PEC)
app-keywords = PEC;certified email;receipt;signature;daticert;e-invoice;mail;

## Main window
gui-error-window = cannot open the window: { $reason }
gui-tab-mailbox = Mail
gui-tab-timeline = Delivery status
gui-tab-compose = Write
gui-tab-settings = Settings
gui-demo-marker = DEMO — sample mailbox
gui-demo-explained = This is a sample mailbox with invented people, signed by a test authority that is not a real provider. Add your PEC mailbox to use Sigillo for real.
gui-add-account = Add your PEC mailbox
gui-loading = Loading…
gui-select-message = Select a message to see it.
gui-no-subject = (no subject)
gui-error-details = Details
gui-error-dismiss = Close
gui-read-only-banner = Read-only profile (read-only media or no write permission): you can browse, search and export; nothing is written, not even the "read" state, and no mail is downloaded.
gui-damaged-banner = The message store is damaged ({ $detail }): it is open for reading only and nothing more is written into it. Close Sigillo and run “sigillo repair” to copy every message that can still be read into a new store (the damaged one is kept).
gui-read-only-refused = The profile is read-only: this would write to it and was not done.
gui-error-store = The message archive cannot be read or written.
gui-error-trust = The list of trusted authorities cannot be read.
gui-error-internal = Internal error: the operation did not complete.
gui-error-no-profile = Cannot find the data folder: start Sigillo with --profile FOLDER.
gui-error-settings = The settings cannot be saved.

## Folders and list
gui-folders = Folders
gui-folder-all = All messages
gui-folder-inbox = Inbox
gui-folder-none = No folder
gui-account-imported = Imported
gui-search = Search
gui-search-placeholder = Search subject, addresses, text, attachments, certified data…
gui-filter-all-kinds = All kinds
gui-filter-all-signatures = All signatures
gui-filter-all-states = All outcomes
gui-filter-clear = Clear filters
gui-order-date = Newest first
gui-order-relevance = Best match first
gui-list-count = { $count ->
    [one] { $count } message
   *[other] { $count } messages
}
gui-list-results = { $count ->
    [one] { $count } result
   *[other] { $count } results
}
gui-list-empty = No messages.
gui-sig-short-unverified = not yet verified

## Message
gui-banner-title-valid = Valid provider signature
gui-banner-title-tampered = WARNING: tampered message
gui-banner-title-untrusted = Signed by someone not recognised as a PEC provider
gui-banner-title-expired = Provider certificate expired at signing time
gui-banner-title-unsigned = Not certified: no provider signature
gui-banner-title-malformed = Unreadable provider signature
gui-banner-signer = Signed by { $who } on { $when } ({ $source })
gui-sig-compact = Valid provider signature: { $who }, { $when } ({ $source })
gui-banner-time-unsigned = The time used for the check is not guaranteed by the signature.
gui-anomaly-explained = This message reached the PEC mailbox from an ordinary address (or was not a regular PEC envelope). The provider only wrapped it: sender, date and content are no proof.
gui-from = From
gui-to = To
gui-cc = Cc
gui-subject = Subject
gui-date = Date
gui-original-note = Original message (postacert.eml) as certified by the provider.
gui-attachments = Attachments
gui-save = Save
gui-executable-warning = ⚠ a program or a file that changes the system: Sigillo does not open it; save it and open it only if you trust the sender and know what it is
gui-attachment-missing = The attachment is no longer in the message.
launch-refused-extension = { $name } is not opened: .{ $extension } files can start programs, install something or change the system. Save it and open it yourself only if you trust the sender and know what it is.
launch-refused-program = { $name } is not opened: its first bytes are those of a program, whatever its name. Save it and open it yourself only if you trust the sender and know what it is.
launch-error-folder = The private folder for opened attachments cannot be made: { $reason }
launch-error-no-folder = The system names no folder for temporary copies: save the attachment and open it from there.
launch-error-start = { $program } cannot be started: { $reason }. Save the attachment and open it from there.
launch-error-failed = The system did not open the attachment ({ $program } returned code { $code }): perhaps no program is set for this type of file. Save it and open it from there.
reading-attachment-missing = The attachment is no longer in the message: open it again and retry.
reading-document-missing = The document cannot be taken out of its signed file: save the .p7m attachment and open it with your signing program.
reading-file-exists = { $path } already exists: choose another name.
reading-write-failed = { $path } cannot be written: { $reason }. Choose another folder or free some disk space.
gui-attachment-saved = Saved in { $path }
gui-attachment-save-failed = The attachment cannot be saved: { $reason }
gui-show-source = Show source
gui-hide-source = Hide source
gui-daticert-title = Certification data
gui-daticert-title-unproven = Certification data, NOT PROVEN
gui-certification-unproven = The provider's signature does not vouch for these data: they are only what the message says, and anyone may have written or changed them.
gui-daticert-none = This message carries no certification data (daticert.xml).
gui-dc-tipo = Type
gui-dc-mittente = Sender
gui-dc-oggetto = Subject
gui-dc-gestore = Provider
gui-dc-data = Date and time
gui-dc-identificativo = PEC identifier
gui-dc-msgid = Original Message-ID
gui-dc-ricevuta = Receipt requested
gui-dc-consegna = Delivered to
gui-dc-about = Recipient concerned
gui-dc-data-written = Date and time as the provider wrote them
gui-sent-kind = A message you sent through PEC
gui-delivery-title = Delivery per recipient
gui-delivery-none = No receipt yet: the acceptance receipt usually arrives within a few minutes.
gui-delivery-accepted = Accepted by the sender's provider on { $when }
gui-delivery-unassigned = Receipts that name no recipient of this message:
gui-receipt-not-proven = { $receipt } — NOT PROVEN: no valid provider signature
gui-copies-title = { $count ->
    [one] Where it is ({ $count } copy)
   *[other] Where it is ({ $count } copies)
}
gui-copy-sent = sent by Sigillo from the mailbox { $account }
gui-copy-server = on the server: { $account }, folder { $folder }
gui-copy-import = imported from { $path }
gui-copy-other-bytes = other bytes, kept as they are (SHA-256 { $sha }…)
gui-folder-sent-here = Sent from Sigillo
gui-dc-errore = Error
gui-dc-errore-esteso = Error detail
gui-dc-destinatari = Recipients
gui-recipient-certified = certified
gui-recipient-external = external
gui-recipient-unknown = to be confirmed
gui-external-explained = External recipients are outside PEC: they get the message as ordinary mail and no delivery receipt will ever come.

## Delivery status
gui-timeline-title = Delivery status
gui-timeline-explained = For each PEC sent, the state of every recipient and the receipts that prove it.
gui-timeline-empty = No PEC sent.
gui-timeline-more = { $count ->
    [one] Show one older message
   *[other] Show { $count } older messages
}
gui-needs-attention = Only those needing attention
gui-open-sent = Open the message
gui-tl-accepted = Accepted by the sender's provider
gui-tl-refused = Not accepted by the provider: { $reason }
gui-tl-waiting-acceptance = Waiting for the acceptance receipt
gui-tl-receipt = Open the provider's receipt
gui-tl-from-receipts = The sent message is not in the archive: status rebuilt from the receipts.
gui-tl-external-note = External recipient: accepted, no delivery receipt will ever come.

## Write
gui-compose-title = New PEC
gui-compose-title-reply = Reply
gui-compose-title-forward = Forward
gui-compose-title-draft = Draft
gui-compose-no-bcc = No blind copies: PEC refuses Bcc recipients.
gui-compose-receipt = Delivery receipt
gui-compose-receipt-explained = Complete: the receipt holds the whole message. Short: it holds the attachments' fingerprints. Summary: only the certification data.
gui-compose-attach-path = Path of the file to attach
gui-compose-attach = Attach
gui-compose-detach = Remove
gui-compose-send = Send
gui-compose-sending = Sending…
gui-compose-save-draft = Save draft
gui-compose-draft-saved = Draft saved.
gui-compose-draft-failed = The draft cannot be saved: { $reason }
gui-compose-new = New blank PEC
gui-compose-draft-delete = Delete
gui-compose-draft-delete-confirm = Yes, delete the draft
gui-compose-draft-deleted = Draft deleted.
gui-compose-draft-delete-failed = The draft cannot be deleted: { $reason }
gui-compose-kept-as-draft = The PEC you were writing (“{ $subject }”) is among the saved drafts, at the bottom of the page.
gui-compose-not-replaced = The PEC you are writing stays here: it could not be saved among the drafts ({ $reason }). Save or send it before writing another.
gui-compose-busy-sending = Sending: wait until it is done before writing another PEC.
gui-compose-fix-first = Fix the problems shown before sending.
gui-compose-no-recipient = Give at least one recipient in To.
gui-compose-bad-address = “{ $address }” is not a valid address.
gui-compose-too-large = Size × recipients = { $total } MB, over the provider's limit of { $limit } MB.
gui-compose-unreadable = { $path } cannot be read.
gui-compose-probably-not-pec = { $address } is probably not a PEC mailbox (unknown domain): no delivery receipt will come. The acceptance receipt will say for sure.
gui-compose-external-before = { $address } is outside PEC according to a receipt already received: no delivery receipt will come.
gui-compose-no-receipt-count = { $count ->
    [one] One recipient will probably get no delivery receipt:
   *[other] { $count } recipients will probably get no delivery receipt:
}
gui-compose-past-unknown = The receipts already received could not be read: the warnings about recipients rest on the domain alone.
gui-compose-demo-no-send = The sample mailbox does not send: add your PEC mailbox.
gui-compose-no-account = No mailbox is set up for sending: add one first.

## Settings
gui-settings-title = Settings
gui-settings-language = Language
gui-settings-theme = Theme
gui-theme-system = As the system
gui-theme-light = Light
gui-theme-dark = Dark
gui-settings-overdue = Hours without delivery before flagging a delay
gui-settings-hours-invalid = Give a number of hours between 1 and 720.
gui-settings-days-invalid = Give a whole number of days, or leave the field empty to never delete from the server.
gui-settings-pop3-note = With POP3 messages stay on the server: deleting them is the most common way to lose receipts.
gui-settings-trust = Trusted authorities
gui-settings-trust-explained = PEC provider signatures are valid only when they lead to one of these authorities. After a change every signature is checked again.
gui-settings-remove = Stop trusting
gui-settings-remove-question = Stop trusting this authority? Messages signed through it will no longer be valid.
gui-settings-remove-builtin-question = This is a PEC trust point built into Sigillo (AgID CA1): without it, the signatures of the providers it vouches for are no longer valid. Stop trusting it?
gui-settings-remove-confirm = Yes, stop trusting it
gui-settings-anchor-restored = The authority is trusted again: signatures are checked again.
gui-undo = Undo the removal
gui-settings-add = Add
gui-settings-anchor-path = Path of a certificate (PEM or DER) or revocation list
gui-settings-anchor-added = Added to the trust list.
gui-received-note = The message as it arrived: not certified.
gui-compose-drafts = Saved drafts
gui-documents = Signed documents, invoices and SdI messages
gui-save-document = Save the document
## Export of legal proof (dossier) and its check
export-title-sent = Proof dossier: sent PEC message
export-title-received = Proof dossier: received PEC message
export-title-single = Proof dossier: message
export-made-by = Made by { $tool } on { $time }
export-intro = This dossier holds the messages and receipts exactly as they were received, byte for byte, with their certification data, the providers' signatures and their certificates. Every file is listed in the MANIFEST with its SHA-256 fingerprint: anyone can check them with the tools shown at the end, without Sigillo.
export-section-message = The message
export-section-timeline = Outcome per recipient
export-section-files = Messages and receipts
export-section-howto = How to verify this yourself
export-sender = Sender
export-subject = Subject
export-sent-at = Sent on
export-date = Date
export-pec-id = PEC identifier
export-msgid = Sender's Message-ID
export-provider = Provider
export-recipients = Recipients
export-recipient-certified = certified (PEC)
export-recipient-external = external (not PEC)
export-recipient-unknown = type not yet known
export-file-sha256 = SHA-256 of the message
export-inner-message = Original message
export-attachments = Attachments
export-attachments-from = Attachments read from { $file }.
export-attachments-from-inner = Attachments read from the original message carried in { $file } (signed by the provider).
export-no-attachments = No attachments.
export-unnamed = (no name)
export-attachment-line = { $type }, { $size ->
    [one] { $size } byte
   *[other] { $size } bytes
} — { $file }
export-from-receipts-only = The sent message is not in the store: the outcome is rebuilt from the receipts alone.
export-acceptance = Acceptance
export-acceptance-in-attesa = no acceptance receipt
export-acceptance-accettato = accepted by the sender's provider
export-acceptance-non-accettato = refused by the sender's provider
export-state = State
export-state-since = Since
export-reason = Reason
export-receipt-type = Receipt type
export-proof = Proof
export-related = Receipts
export-not-proven = NOT PROVEN: the provider signature is not valid, it decides nothing
export-unassigned = Receipts that name no recipient
export-files-intro = For each file: its fingerprint, where the copy came from, and the outcome of the provider-signature check made at export time, at signing time.
export-sent-message = Sent message (as handed to the provider)
export-file = File
export-size = Size
export-bytes = { $size ->
    [one] { $size } byte
   *[other] { $size } bytes
}
export-event-time = Event time
export-source = Source
export-signature = Provider signature
export-plain-message = Ordinary message without provider signature: it is the message as the sender wrote it; its content is certified by the receipts that carry it.
export-signer = Signer
export-signer-sha256 = Certificate fingerprint
export-chain = Chain
export-signing-time = Signing time
export-note = Note
export-daticert-file = Certification data
export-signature-file = Signature (smime.p7s)
export-inner-file = Original message
export-chain-file = Provider certificates
export-anchor-file = Trust anchor
export-howto-hashes = File integrity
export-howto-hashes-text = In the dossier folder, this command recomputes the SHA-256 fingerprint of every file and compares it with the MANIFEST; every line must say OK:
export-howto-hashes-other = On macOS the first command below does the same; on Windows the second shows the fingerprint of one file, to compare with its MANIFEST line.
export-howto-signatures = Provider signatures
export-howto-signatures-text = With OpenSSL, each signed message is checked like this, at its signing time, trusting only the given anchor; the command must answer "Verification successful":
export-howto-no-signature = No message of this dossier has a signature verified by a trust anchor.
export-howto-attime = -attime is the signing time in seconds since 1 January 1970 (UTC): provider certificates last about three years, so an archived receipt must be checked at the time it was signed. On Windows write -out NUL instead of -out /dev/null.
export-howto-anchor = The trust anchor
export-howto-anchor-text = Do not trust the anchor just because it is in the dossier: compare its fingerprint with the one published by the certification authority or with your system's root certificate store.
export-anchor-subject = Subject
export-howto-sigillo = With Sigillo
export-page = page { $page } of { $total }
export-unknown = not given
export-no-subject = (no subject)
export-index-title = Index of the exported dossiers
export-index-intro = This export holds { $count ->
    [one] { $count } dossier
   *[other] { $count } dossiers
}, each in its own folder with its own report (report.pdf) and MANIFEST.
export-index-howto = The MANIFEST at the top of the export lists the fingerprint of every file of every dossier:
export-folder = Folder
export-kind = Kind
export-kind-sent = sent PEC, with its receipts
export-kind-received = received PEC
export-kind-single = message
export-signatures = Signatures
export-signatures-count = { $valid } valid, { $invalid } not valid
export-csv-folder = folder
export-csv-kind = kind
export-csv-date = date
export-csv-subject = subject
export-csv-sender = sender
export-csv-recipients = recipients
export-csv-signatures-valid = valid signatures
export-csv-signatures-invalid = signatures not valid
export-error-empty = nothing to export: no sent or received PEC matches the request.
export-error-exists = { $path } already exists: choose another name or remove it (or use --replace).
export-error-write = cannot write { $path }: { $reason }
export-error-zip = cannot write the ZIP archive { $path }: { $reason }
export-error-pdf = cannot make the PDF report: { $reason }
export-error-cancelled = export cancelled: nothing was written.
cli-export-nothing = give at least one message (store id) or --since/--until.
cli-export-progress = Exporting: { $done } of { $total ->
    [one] { $total } message
   *[other] { $total } messages
}
cli-export-done = Wrote { $path } ({ $files ->
    [one] { $files } file
   *[other] { $files } files
}).
cli-export-dossier = message { $message } → { $folder }: signatures valid { $valid }, not valid { $invalid }
cli-export-report = Report: { $file }
cli-export-failed = export failed: { $reason }
cli-dossier-no-manifest = { $path } is not a dossier: it has no MANIFEST at its top.
cli-dossier-ok = OK
cli-dossier-fail = FAILED
cli-dossier-intact = Dossier intact: { $files ->
    [one] its only file matches the MANIFEST
   *[other] all { $files } files match the MANIFEST
} and { $signatures ->
    [one] { $signatures } provider signature is valid at signing time.
   *[other] { $signatures } provider signatures are valid at signing time.
}
cli-dossier-not-intact =
    { $count ->
        [one] Dossier NOT intact: one file fails the check: { $files }
       *[other] Dossier NOT intact: { $count } files fail the check: { $files }
    }
check-altered = changed: its SHA-256 is { $actual }, the MANIFEST says { $expected }
check-missing = missing: listed in the MANIFEST but not there
check-not-listed = not listed in { $manifest }: it was added after the export
check-unreadable = unreadable: { $reason }
check-unsafe-path = unsafe name (a path out of the dossier, a link, or a name not allowed)
check-manifest-not-manifest = not a Sigillo MANIFEST (the first line differs)
check-manifest-not-text = the MANIFEST is not text
check-manifest-bad-line = MANIFEST line { $line } is neither a comment nor an entry
check-manifest-unsafe-path = MANIFEST line { $line } names an unsafe path: { $path }
check-manifest-duplicate = MANIFEST line { $line } repeats { $path }
check-manifest-no-self-hash = the last MANIFEST line (manifest-sha256) is missing
check-manifest-self-hash = the MANIFEST was changed after export (its own fingerprint does not match)
check-signature-not-valid = provider signature not valid: { $status }. { $explanation }
check-not-from-source = does not match what { $source } carries
check-no-source = the message it comes from ({ $source }) is not in the dossier
check-not-certificate = holds no certificate
check-hash-matches = SHA-256 matches the MANIFEST
check-manifest-intact = MANIFEST intact, { $entries } files listed
check-signature-valid = provider signature valid: { $signer }, signed { $time } ({ $source })
check-plain-message = ordinary message without provider signature (the message as sent)
check-from-source = identical to what { $source } carries
check-certificate = certificate { $subject } (SHA-256 { $sha256 }); not an anchor of your trust list
check-certificate-trusted = certificate { $subject } (SHA-256 { $sha256 }); an anchor of your trust list
export-entity-file = Signed part (to check with OpenSSL)
## Connections, accounts, sync and sending
net-stage-connect = opening the connection
net-stage-tls = the secure connection (TLS)
net-stage-greeting = waiting for the server's greeting
net-stage-login = logging in
net-stage-command = waiting for a reply
net-error-dns = The server { $host } does not exist or its name cannot be resolved ({ $detail }). Check the server name and the Internet connection.
net-error-tcp = Cannot connect to { $host } on port { $port } ({ $detail }). Check the port, the firewall and the connection.
net-error-timeout = { $host } (port { $port }) did not answer in time during { $stage }. Try again later.
net-error-cert-untrusted = The certificate of { $host } is not signed by an authority this computer trusts (issued by: { $issuer }). SHA-256 fingerprint: { $fingerprint }. If it matches the one your provider gave you, you can pin it for this account.
net-error-cert-expired = The certificate of { $host } expired on { $date }: the connection is not safe. Tell your provider.
net-error-cert-not-yet-valid = The certificate of { $host } is valid only from { $date }: check this computer's date and time.
net-error-cert-wrong-host = The certificate presented by { $host } is for other names ({ $names }): it may not be the right server. Check the server name.
net-error-pin-mismatch = The certificate of { $host } is not the one pinned for this account (expected { $expected }, got { $found }). If your provider renewed it, check the new fingerprint and pin it again; otherwise do not connect.
net-error-tls = The secure connection to { $host } failed: { $detail }
net-error-starttls = { $host } does not offer STARTTLS: use direct encryption (TLS) or another port.
net-error-login = The server refused the user name or password ({ $detail }). Check the credentials (or your provider's password for mail programs).
net-error-folder = Cannot open the folder { $folder }: { $detail }
net-error-protocol = The server sent an invalid reply: { $detail }
net-error-refused = The server refused { $command }: { $detail }
net-error-unavailable = The server could not do { $command } now: { $detail }. The next sync tries again.
net-error-lost = The connection was lost: { $detail }. Nothing was lost: the next sync resumes from here.
compose-error-bcc = PEC does not allow hidden recipients (Bcc): put every recipient in To or Cc.
compose-error-no-recipients = There is no recipient in To.
compose-error-address = "{ $address }" is not a valid e-mail address.
compose-error-too-large = The message is { $size ->
    [one] { $size } byte
   *[other] { $size } bytes
} for { $recipients ->
    [one] { $recipients } recipient
   *[other] { $recipients } recipients
} ({ $total ->
    [one] { $total } byte
   *[other] { $total } bytes
} in all): over the provider's limit of { $limit ->
    [one] { $limit } byte
   *[other] { $limit } bytes
}. Remove attachments or recipients.
compose-error-sender = The message is from { $found }, but this account sends as { $expected }.
compose-error-unreadable = The message cannot be read: { $detail }
compose-error-build = The message cannot be built: { $detail }
send-error-net = Message not sent: { $reason }
send-error-store-unavailable = The message store cannot be opened: nothing was sent ({ $reason }).
send-error-store = The message was sent, but it could not be kept in the store: { $reason }
send-error-uncertain = Outcome unknown: the connection broke after message { $id } had been handed to the provider ({ $reason }). The provider may have accepted it, and Sigillo did not send it again. Before sending it again, sync the mailbox and look for its acceptance receipt.
account-error-no-config-dir = Cannot find the settings folder: set SIGILLO_CONFIG_DIR.
account-error-io = Cannot use the accounts file { $path }: { $reason }
account-error-invalid = The accounts file { $path } is not valid: { $detail }
account-error-exists = There is already an account named { $id }.
account-error-not-found = There is no account named { $id }.
account-error-invalid-id = "{ $id }" cannot be an account name: use letters, digits, "-", "_" or ".".
account-error-missing-login = The user name is missing.
account-error-no-address = Give the mailbox's PEC address (for example name@pec.example.it).
account-error-invalid-server = { $server } is not a valid server.
account-error-unknown-preset = There is no provider preset named { $preset }.
keyring-unavailable = No system keyring is available ({ $reason }): the password is not saved and will be asked each time.
keyring-failed = The system keyring reported an error: { $reason }
recipient-hint-certified-before = { $address }: a PEC mailbox (an earlier receipt says so).
recipient-hint-probably-pec = { $address }: probably PEC (a known provider's domain).
recipient-hint-external-before = { $address }: outside PEC according to an earlier receipt. No delivery receipt will come.
recipient-hint-probably-not-pec = { $address }: probably not a PEC mailbox (unknown domain). If it is not, no delivery receipt will come: the acceptance receipt will say for sure.
preset-confirmed = confirmed
preset-to-check = to check
sync-connecting = { $account }: connecting…
sync-connected = { $account }: connected.
sync-folder = { $account }/{ $folder }: { $count ->
    [one] one new message to download
   *[other] { $count } new messages to download
}
sync-stored = { $account }/{ $folder }: { $done } of { $total }
sync-uidvalidity = { $account }/{ $folder }: the server renumbered the folder; downloading it again, the copies already kept stay.
sync-finished = { $account }: sync done, { $fetched } downloaded, { $new } new.
sync-waiting-idle = { $account }: waiting for new mail (pushed by the server, checked every { $seconds } s).
sync-waiting-poll = { $account }: next check in { $seconds } s.
sync-retrying = { $account }: { $reason } Trying again in { $seconds } s.
sync-failed = { $account }: sync stopped: { $reason }
send-prepared = Message ready: { $bytes ->
    [one] { $bytes } byte
   *[other] { $bytes } bytes
} for { $recipients ->
    [one] { $recipients } recipient.
   *[other] { $recipients } recipients.
}
send-connecting = Connecting to the outgoing mail server…
send-submitting = Sending…
send-submitted = The provider took the message ({ $reply }).
send-stored = Kept in the store (number { $id }).
send-appending = Saving the copy in the folder { $folder }…
send-appended = Copy saved in the server folder { $folder }.
send-append-failed = The message was sent and kept, but the copy in the server's Sent folder was not saved: { $reason }
cli-account-none = No account is set up. Add one with: sigillo account add
cli-account-added = Account { $id } added ({ $address }).
cli-account-removed = Account { $id } removed. The messages already downloaded stay in the store.
cli-account-password-stored = Password kept in the system keyring.
cli-account-password-kept = password in the keyring
cli-account-password-missing = no password saved
cli-account-password-unknown = keyring not available
cli-account-pinned = certificate pinned { $fingerprint }
cli-account-preset = Provider { $name } ({ $status }). Source: { $source }
cli-account-preset-why = To check: { $why }
cli-account-ask-id = Short name of the account (e.g. studio):
cli-account-ask-address = PEC address:
cli-account-ask-preset = Provider ({ $list }; leave empty for custom settings):
cli-account-ask-incoming = Incoming IMAP server (host[:port]):
cli-account-ask-smtp = Outgoing SMTP server (host[:port]):
cli-account-ask-pin = Pin this certificate for { $host }? Compare the fingerprint with the one your provider gives first. [y/N]
cli-account-pin-set = Certificate pinned for { $host }: { $fingerprint }
cli-account-test-saved = The account is saved anyway: fix the settings and try again with "sigillo account test { $id }".
cli-account-testing = Testing the connection of { $id }…
cli-password-prompt = Password of { $address }:
cli-password-missing = No password for { $id }: none in the keyring and no terminal to ask for it. Use --password-stdin.
cli-password-empty = No password was read.
cli-check-incoming-ok = Incoming mail ({ $protocol } { $host }): secure connection and login work (folders: { $folders }; messages in the inbox: { $messages }).
cli-check-smtp-ok = Outgoing mail (SMTP { $host }): secure connection and login work.
cli-check-incoming-failed = Incoming mail ({ $protocol } { $host }): { $reason }
cli-check-smtp-failed = Outgoing mail (SMTP { $host }): { $reason }
cli-error-account-needed = There are several accounts: say which one with --account.
cli-error-stdin-twice = --password-stdin and --body-file - cannot both read standard input.
cli-error-fingerprint = "{ $value }" is not a SHA-256 fingerprint (64 hex digits).
cli-error-server = "{ $value }" is not a server (host or host:port).
cli-error-missing = { $what } is missing: pass it with { $flag }.
cli-sync-summary = { $account }: { $fetched ->
    [one] one message downloaded
   *[other] { $fetched } messages downloaded
}, { $new } new.
cli-sync-deleted = { $account }: { $count ->
    [one] one message deleted
   *[other] { $count } messages deleted
} from the server, as asked.
cli-sync-seen = { $account }: { $count ->
    [one] one message read here is
   *[other] { $count } messages read here are
} now marked as read on the server too.
cli-send-recipients = Recipients:
cli-send-sent = Message sent (Message-ID { $id }). The receipts will arrive with the next sync.
cli-presets-title = Provider presets (every value can be changed):
preset-why-aruba = the stored copy of the source confirms smtps.pec.aruba.it as the outgoing server; the IMAP/POP3 host names, the ports, the size limit and whether the provider files sent copies were not visible in it.
preset-why-poste = the source describes the service but its stored copy shows no server names: host names and ports are unconfirmed.
preset-why-legalmail = the provider's FAQ names mbox.cert.legalmail.it and sendm.cert.legalmail.it; the ports are the standard direct-TLS ones and were not seen in the source (the same FAQ limits sending to 6 messages a minute).
preset-why-namirial = only a third-party copy of Namirial's user manual was found, without server names: host names and ports are unconfirmed.
preset-why-register = no source could be read: host names, ports and mailbox domains are unconfirmed.
preset-why-actalis = no source could be read: host names, ports and mailbox domains are unconfirmed.

## Mailboxes in the window, keyboard, files, replies and printing
account-phase-starting = starting
account-phase-no-password = no password: type it in Settings, Mailboxes.
account-phase-connecting = connecting…
account-phase-syncing = { $folder }: { $done } of { $total }
account-phase-waiting = up to date, waiting for new mail
account-phase-retrying = { $reason } Trying again in { $seconds } s.
account-phase-failed = stopped: { $reason }
account-last-sync = last synced { $when }, { $new ->
    [one] 1 new message
   *[other] { $new } new messages
}
account-last-sync-never = no sync finished in this session
account-status-line = { $account }: { $state }
account-password-valid-until = Password for mail programs valid until { $when }.
account-password-expires-soon = The password for mail programs expires on { $when }: renew it at { $url }, then type the new one here.
account-password-expired = The password for mail programs expired on { $when }: renew it at { $url }, then type the new one here.
account-login-refused = The server refused the login: check the password (and the user name) in Settings, Mailboxes.
account-login-refused-app-password = The server refused the login. With two-step verification, { $provider } asks mail programs for a dedicated password, which may have expired: renew it at { $url } and type it here.
account-app-password-lifetime = That password lasts { $days } days (source: { $source }).
gui-account-no-messages = no message downloaded
gui-accounts-title = PEC mailboxes
gui-accounts-add = Add a mailbox
gui-accounts-none = No mailbox is set up.
gui-accounts-counts = { $unread } unread of { $total ->
    [one] 1 message
   *[other] { $total } messages
}
gui-accounts-quota = mailbox { $percent }% full
gui-accounts-quota-used = { $mb } MB waiting on the server
gui-accounts-incoming = Incoming: { $host }:{ $port } ({ $security })
gui-accounts-outgoing = Outgoing (SMTP): { $host }:{ $port } ({ $security })
gui-accounts-pinned = certificate pinned
gui-security-tls = direct TLS
gui-security-starttls = STARTTLS
gui-accounts-syncing = Syncing…
gui-accounts-test = Test the connection
gui-accounts-edit = Edit
gui-accounts-remove = Remove
gui-accounts-editing = Editing { $account } ({ $address })
gui-accounts-login = User name
gui-accounts-new-password = New password
gui-accounts-new-password-placeholder = leave empty to keep the current one
gui-accounts-password-note = The new password goes only to the system keyring and replaces the old one; only the date is noted here.
gui-accounts-pin-incoming = Certificate pinned for the incoming server: { $fingerprint }
gui-accounts-pin-outgoing = Certificate pinned for the outgoing server: { $fingerprint }
gui-accounts-pin-forget = Forget
gui-accounts-notify = Desktop notifications for new PEC and delivery problems of this mailbox
gui-accounts-save = Save the changes
gui-accounts-saved = Mailbox { $account } saved: syncing starts again with the new settings.
gui-accounts-test-needs-password = To test the connection type the password: it is not available in this session.
gui-accounts-remove-question = Remove the mailbox { $account } ({ $address })?
gui-accounts-remove-stays = Sigillo's archive keeps { $count ->
    [one] its downloaded message, with its signature and receipts
   *[other] its { $count } downloaded messages, with their signatures and receipts
}; nothing is deleted on the server.
gui-accounts-remove-goes = The mailbox's settings are deleted, and its password is deleted from the keyring.
gui-accounts-remove-confirm = Remove the mailbox
gui-accounts-removed = Mailbox { $account } removed. Its messages stay in the archive.
gui-accounts-keyring-delete-failed = The password cannot be deleted from the keyring: { $reason }
gui-cancel = Cancel
gui-untested-question = The connection was not tested with these settings, or the test failed. Save anyway?
gui-untested-explained = A mailbox saved with wrong settings neither receives nor sends: the test tells at once which step does not work.
gui-untested-save-anyway = Save anyway
gui-wizard-help-address = The full PEC address: the sender of the messages you send.
gui-wizard-login-placeholder = same as the PEC address
gui-wizard-help-login = The name you log in to the mailbox with; almost always the full PEC address. Leave it empty to use the address.
gui-wizard-app-password-help = If you turned on two-step verification, { $provider } does not accept your usual password from mail programs: make one "for mail programs" at { $url } and type that one.
gui-wizard-help-servers = Incoming server: IMAP (usually port 993) or POP3 (995) with direct TLS; STARTTLS uses ports 143 and 110. Outgoing server: SMTP with direct TLS (465) or STARTTLS (587). Your provider's guide lists them.
gui-wizard-preset-servers = Will be used: incoming { $incoming } ({ $insecurity }), outgoing { $smtp } ({ $smtpsecurity }).
gui-wizard-pinned = Certificate pinned for { $host }: { $fingerprint }
reply-prefix = Re:
reply-forward-prefix = Fwd:
reply-quote-header = On { $date }, { $sender } wrote:
reply-forwarded-header = ---------- Forwarded message ----------
reply-forwarded-from = From: { $sender }
reply-forwarded-date = Date: { $date }
reply-forwarded-subject = Subject: { $subject }
reply-forwarded-to = To: { $to }
reply-proof-body = Attached is the original message as it was kept, signed by the PEC provider and unchanged: opening the .eml file with a program that verifies PEC checks the provider's signature.
reply-proof-file-envelope = signed-pec-envelope.eml
reply-proof-file-message = original-message.eml
gui-key-enter = Enter
gui-keys-move = Move the selection in the message list
gui-keys-open = Open the selected message
gui-keys-fields = Go to the next or previous field
gui-keys-search = Search the mail
gui-keys-compose = Write a new PEC
gui-keys-reply = Reply to the open message
gui-keys-reply-all = Reply to all
gui-keys-forward = Forward the open message
gui-keys-send = Send the message you are writing
gui-keys-print = Print the open message
gui-key-delete = Delete
gui-keys-delete = Delete the message (asks first when it is proof)
gui-keys-undo = Undo the deletion just made
gui-keys-escape = Close menus, dialogs and this help; otherwise leave the field (the arrows move through the list again)
gui-keys-help = Show or hide this list
gui-keys-title = Keyboard shortcuts
gui-keys-close = Close
gui-reply = Reply
gui-reply-all = Reply all
gui-forward = Forward
gui-forward-proof = Forward as proof
gui-forward-proof-explained = Attaches the envelope signed by the provider as it is, so that the recipient can verify it.
gui-reply-no-original = This envelope carries no readable original message: there is no certified text to quote. You can forward it as proof.
gui-reply-unreadable = The message cannot be read: no reply can be prepared.
gui-reply-from-unverified = The quoted message is the one inside the envelope, but the provider signature does not vouch for it.
gui-chooser-title-files = Choose files
gui-chooser-title-folder = Choose a folder
gui-chooser-title-save = Save as
gui-chooser-explained = The system offers no file dialog (no desktop portal): choose here, or type the path and press Enter.
gui-chooser-up = Up
gui-chooser-empty = No suitable file in this folder.
gui-chooser-not-found = { $path } does not exist.
gui-chooser-name = File name
gui-chooser-choose = Choose
gui-chooser-this-folder = Use this folder
gui-chooser-save = Save
gui-compose-browse = Choose files…
gui-compose-drop-hint = You can also drop files on the window to attach them.
gui-files-attachment-missing = the attachment is no longer in the message
gui-files-no-documents = no Documents folder
gui-files-open-folder-failed = The folder cannot be opened: { $reason }
gui-files-title-anchor = Certificate or revocation list to trust
gui-files-title-attach = Files to attach
gui-files-title-export = Folder to export the dossier into
gui-files-title-import-files = .eml or mbox files to import
gui-files-title-import-folder = Maildir folder (or folder of .eml files) to import
gui-files-title-save = Where to save
gui-import = Import…
gui-import-what = Import into the archive:
gui-import-files = .eml or mbox files…
gui-import-folder = Maildir folder…
gui-import-demo = The demo mailbox does not import: add your PEC mailbox or open a profile.
gui-import-running = Importing: messages are being kept and their signatures checked…
gui-import-done = Import finished: { $imported ->
    [one] 1 new message
   *[other] { $imported } new messages
}, { $duplicates } already there.
gui-import-unreadable = Not read: { $path } ({ $reason }).
gui-import-failed = The import failed: { $reason }
gui-notify-open = Open
gui-open-folder = Open folder
gui-print = Print
gui-print-starting = Preparing the print…
gui-print-opened = PDF to print opened with the system viewer: { $path }
gui-print-failed = Printing failed: { $reason }
gui-print-no-viewer = No PDF viewer opened ({ $program }: { $detail }). With “Export to…” you save the dossier, with its PDF, and print it from another program.
gui-print-exit-code = code { $code }
gui-settings-browse = Choose the file…
print-outcome = Outcome
print-to = To
print-cc = Cc
print-text = Text
print-original-unverified = The provider signature does not vouch for this message: it is the envelope's content as it is.

## Accounts and sync
gui-sync-now = Sync now
gui-wizard-title = Add your PEC mailbox
gui-wizard-explained = Pick the provider (or type the servers), the address and the password. The password goes only to the system keyring, never to a file.
gui-wizard-provider = Provider
gui-wizard-custom = Another provider (type the servers)
gui-wizard-address = PEC address
gui-wizard-password = Password
gui-wizard-password-note = If the provider gives application passwords, use one.
gui-wizard-imap-note = IMAP: every folder is synced, sent mail included; messages stay on the server.
gui-wizard-pop3-note = POP3: only the inbox is downloaded. Messages stay on the server: deleting them is the most common way to lose receipts, and Sigillo does not unless you ask.
gui-wizard-in-server = Incoming server (host, port)
gui-wizard-smtp-server = SMTPS sending server (host, port)
gui-wizard-preset-source = Provider settings from: { $source }
gui-wizard-test = Test the connection
gui-wizard-testing = Testing…
gui-wizard-save = Save the mailbox
gui-wizard-incoming = Receiving
gui-wizard-smtp = Sending
gui-wizard-incoming-ok = logged in, { $messages ->
    [one] { $messages } message in the inbox
   *[other] { $messages } messages in the inbox
}
gui-wizard-smtp-ok = logged in
gui-wizard-pin-explained = The server shows a certificate the system does not recognise. Trust it only if the provider gave you this fingerprint.
gui-wizard-pin = Trust this certificate ({ $fingerprint })
gui-wizard-invalid = Invalid settings: { $reason }
gui-wizard-no-password = Type the password.
gui-wizard-keyring-unavailable = The system keyring is not available: the password will not be kept and will be asked at every start.
gui-wizard-keyring-failed = The password cannot be kept in the keyring: { $reason }. It will be asked at every start.
gui-notify-new-pec = New PEC
gui-notify-new-pec-body = A certified mail message arrived.
gui-notify-failure = Delivery problem
gui-notify-failure-body = A PEC you sent was not accepted or not delivered: check the delivery status.
gui-compose-sent = Sent: the acceptance receipt will arrive, then the delivery receipts.
gui-compose-no-password = The password of this mailbox is not available in this session.
gui-export = Export the legal proof
gui-export-as = Export to…
gui-export-cancel = Stop the export
gui-export-starting = Exporting…
gui-export-progress = Exporting: { $done } of { $total ->
    [one] { $total } message
   *[other] { $total } messages
}
gui-export-done = Dossier exported to { $path } (with a PDF report and a MANIFEST of hashes).
gui-export-failed = The export failed: { $reason }
gui-quota-warning = The mailbox { $account } is { $percent }% full.
gui-quota-critical = The mailbox { $account } is almost full ({ $percent }%): free some space now.
gui-quota-explained = A full PEC mailbox refuses incoming certified mail: the sender gets a non-delivery notice that counts against the mailbox owner.
gui-filter-all-documents = All documents
gui-filter-invoices = Invoices
gui-filter-sdi = SdI notifications
gui-original-unverified-note = Original message carried in the envelope: the provider signature does not vouch for it.
gui-open-attachment = Open
gui-attachment-open-failed = The attachment cannot be opened: { $reason }
gui-settings-pop3-delete = Delete from the POP3 server after (days; empty = never)
gui-settings-pop3-saved = Deletion rule saved for { $account }.

## European PEC (REM, ETSI EN 319 532)
rem-format-label = European PEC (REM)
rem-badge = REM
format-pec = PEC
format-rem = European PEC
rem-event = REM event
rem-reason = Reason
rem-evidence = REM evidence
rem-refers-to = Concerns
rem-ua-message-id = Sender's Message-ID
rem-evidence-id = Evidence identifier
rem-submission-time = Sent on
rem-event-time = Event on
rem-assurance = assurance level { $level }
rem-outside = outside the REM circuit
rem-digest-matches = The attached original matches the digest certified in the evidence.
rem-event-SubmissionAcceptance = Accepted by the sender's provider
rem-event-SubmissionRejection = Refused by the sender's provider
rem-event-RelayAcceptance = Taken over by the recipient's provider
rem-event-RelayRejection = Refused by the recipient's provider
rem-event-RelayFailure = Relay to the recipient's provider failed
rem-event-ContentConsignment = Delivered to the recipient's mailbox
rem-event-ContentConsignmentFailure = Not delivered to the recipient's mailbox
rem-event-ContentHandover = Content collected by the recipient
rem-event-ContentHandoverFailure = Content could not be collected
rem-event-RelayToNonERDS = Relayed to a mail system outside REM
rem-event-RelayToNonERDSFailure = Relay to a mail system outside REM failed
rem-event-ReceivedFromNonERDS = Received from a mail system outside REM (not certified)
rem-reason-MessageAccepted = Message accepted.
rem-reason-InvalidMessageFormat = The message format is not valid.
rem-reason-MalwareFound = Malware was found in the message.
rem-reason-S_ERDS_PolicyViolation = The message breaks the sender's provider's rules (for example maximum size exceeded or attachment formats not allowed).
rem-reason-S_ERDS_Malfunction = The sender's provider malfunctioned.
rem-reason-S_ERDS_MessageSuccessfullyRelayed = Message relayed to the recipient's provider.
rem-reason-R_ERDS_MessageRejected = The recipient's provider received the message but refused it: invalid format.
rem-reason-R_ERDS_MessageRejectedForMalware = The recipient's provider refused the message: it contains malware.
rem-reason-R_ERDS_MessageRejectedForInvalidSignature = The recipient's provider refused the message: the provider signature is invalid or breaks the rules.
rem-reason-R_ERDS_MessageRejectedForInvalidCertificate = The recipient's provider refused the message: the provider's signing certificate is expired or revoked.
rem-reason-R_ERDS_PolicyViolation = The recipient's provider refused the message: it breaks its rules (size, attachment formats, sending provider not accepted).
rem-reason-R_ERDS_Malfunction = Message not relayed: the recipient's provider malfunctioned.
rem-reason-R_ERDS_NotIdentified = Message not relayed: the recipient's provider could not be found.
rem-reason-R_ERDS_Unreachable = Message not relayed: the recipient's provider is unreachable.
rem-reason-UnknownRecipient = Message not relayed: unknown recipient.
rem-reason-MessageNotAcceptedForUnregisteredRecipient = The recipient's provider refused the message: the recipient is not registered with it.
rem-reason-S_ERDSP_ReceivedNoRelayAcceptanceInfoFromR_ERDSP = The sender's provider did not hear in time that the recipient's provider took the message over.
rem-reason-MessageConsignedToRecipient = Message delivered to the recipient's mailbox.
rem-reason-S_ERDSP_ReceivedNoDeliveryInfoFromR_ERDSP = The sender's provider did not hear in time whether the recipient's provider delivered the message.
rem-reason-MessageNotConsignedForQuota = Message not delivered: the recipient's mailbox is full.
rem-reason-MessageNotConsignedForMalfunction = Message not delivered: technical malfunction.
rem-reason-MessageNotConsignedForUnallowedType = Message not delivered: the recipient does not accept this type of message.
rem-reason-MessageNotConsignedForUnregisteredRecipient = Message not delivered: the recipient is not registered with their provider.
rem-reason-MessageRelayedToNonERDS = Message relayed to a mail system outside REM: delivery from there on is not certified.
rem-reason-ExternalSystemUnreachable = The recipient's mail system outside REM is unreachable.
rem-reason-MessageRejectedByExternalSystem = The recipient's mail system outside REM refused the message.
rem-reason-RelayToNonERDSNotAllowed = The provider's configuration does not allow relaying to mail systems outside REM.
rem-reason-MessageReceivedFromNonERDS = Message received from a mail system outside REM: its content is not certified.
warn-rem-header-differs = The (unsigned) { $header } header says “{ $outer }”, the signed evidence says “{ $certified }”: the evidence was used.
warn-rem-no-evidence = The message presents itself as REM but carries no signed evidence.
warn-rem-several-evidences = The message carries { $count ->
    [one] { $count } evidence
   *[other] { $count } evidences
}: the first was read.
warn-rem-no-original = The REM message does not carry the original message.
warn-rem-evidence-issue = REM evidence: { $detail }
warn-rem-digest-mismatch = The attached original does not match the digest in { $source }: it is not the certified message.
warn-rem-digest-not-checked = The original's digest could not be compared (missing, or in an unknown algorithm).
rem-evidence-unreadable = it is not readable XML ({ $reason }).
rem-evidence-not-evidence = the root element is “{ $root }”, not an ETSI evidence.
rem-evidence-unknown-event = unknown event “{ $value }”.
rem-evidence-bad-index = the recipient index “{ $value }” names no listed recipient.
rem-evidence-unsigned = the evidence has no XAdES signature.
trust-rem-list-unreadable = { $path } is not a readable ETSI trusted list: { $reason }
trust-rem-no-service = { $path } lists no qualified electronic registered delivery service (REM).
trust-purpose-pec = PEC
trust-purpose-rem = REM
status-untrusted-explained-rem = The signature is intact, but the signer is not a recognised REM (European PEC) provider: no REM trust point (EU trusted list, or a certificate added for REM) vouches for it.
## What happened, said first
outcome-at = on { $date } at { $time }
outcome-someone = recipient not given
outcome-received = Certified PEC received from { $who }
outcome-anomaly = Anomaly: the content is not certified
outcome-anomaly-from = Anomaly: the content is not certified (claimed sender { $who })
outcome-accepted = { $count ->
    [0] Accepted by the sender's provider
    [one] Accepted by the sender's provider for { $count } recipient
   *[other] Accepted by the sender's provider for { $count } recipients
}
outcome-not-accepted = Not accepted: { $reason }
outcome-taken-over = Taken over by the provider of { $who }
outcome-delivered = Delivered to { $who }
outcome-not-delivered = NOT delivered to { $who }: { $reason }
outcome-not-yet-delivered = Not yet delivered to { $who } after 12 hours: the provider keeps trying for up to 24 hours
outcome-ordinary = Ordinary mail from { $who }: not PEC, nothing is certified
outcome-unreadable = Unreadable message: kept exactly as it arrived
outcome-pending = Message being analysed
outcome-not-proven = Not proven: { $what }
outcome-unchecked = To be checked: { $what }
outcome-claim-for = { $what } for { $who }
outcome-claim-from = { $what } from { $who }
outcome-sent = PEC sent: { $summary }
outcome-sent-waiting = waiting for the acceptance receipt
outcome-sent-refused = NOT accepted: { $reason }
outcome-sent-accepted-one = accepted, waiting for delivery to { $who }
outcome-sent-late-one = accepted, but no delivery receipt for { $who } in time
outcome-sent-delivered-all = { $count ->
    [one] delivered to its only recipient
   *[other] delivered to all { $count } recipients
}
outcome-sent-delivered-of = delivered to { $delivered } of { $certified ->
    [one] { $certified } recipient
   *[other] { $certified } recipients
}
outcome-sent-failed = { $count ->
    [one] NOT delivered to { $count } recipient
   *[other] NOT delivered to { $count } recipients
}
outcome-sent-late = { $count ->
    [one] { $count } recipient late
   *[other] { $count } recipients late
}
outcome-sent-waiting-delivery = { $count ->
    [one] { $count } recipient waiting for delivery
   *[other] { $count } recipients waiting for delivery
}
outcome-sent-external = { $count ->
    [one] { $count } external recipient (no delivery receipt)
   *[other] { $count } external recipients (no delivery receipt)
}
failure-mailbox-unknown = the mailbox does not exist
failure-domain-unknown = the domain does not exist or is outside PEC
failure-mailbox-full = the mailbox is full
failure-virus = a virus was found
failure-timeout = not delivered within 24 hours, the transmission ended with a negative outcome
failure-other = delivery error
failure-short-mailbox-unknown = no such mailbox
failure-short-domain-unknown = no such domain
failure-short-mailbox-full = mailbox full
failure-short-virus = virus
failure-short-timeout = over 24 hours
failure-short-other = error
refusal-blind-copy = blind-copy (Bcc) recipients
refusal-virus = a virus was found
refusal-other = refused by the provider
errore-nessuno = no error
errore-no-dest = wrong recipient
errore-no-dominio = wrong domain
errore-virus = virus
errore-altro = other error
errore-unknown = { $value } (a value the rules do not define)
badge-received = PEC
badge-anomaly = ANOMALY
badge-accepted = Acceptance
badge-not-accepted = Not accepted
badge-taken-over = Take-over
badge-delivered = Delivery
badge-not-delivered = Not delivered
badge-delayed = Delivery delay
badge-virus = Virus
badge-sent = PEC sent
badge-ordinary = Ordinary
badge-unreadable = Unreadable
badge-pending = analysing
badge-not-proven = NOT PROVEN
claim-received = PEC message
claim-anomaly = anomaly envelope
claim-accepted = acceptance receipt
claim-not-accepted = non-acceptance notice
claim-taken-over = take-over receipt
claim-delivered = delivery receipt
claim-not-delivered = non-delivery notice
claim-delayed = delivery delay notice
claim-virus = virus notice
claim-sent = sent message
claim-ordinary = ordinary mail
claim-unreadable = unreadable message
claim-pending = message being analysed
claim-not-proven = unproven message
short-received = certified
short-anomaly = not certified
short-accepted = accepted
short-not-accepted = not accepted: { $reason }
short-taken-over = taken over
short-delivered = delivered
short-not-delivered = not delivered: { $reason }
short-not-yet-delivered = not yet delivered
short-ordinary = not PEC
short-unreadable = unreadable
short-pending = analysing
short-not-proven = not proven: { $status ->
        [unsigned] unsigned
        [untrusted] untrusted signer
        [expired] certificate expired
        [malformed] unreadable signature
       *[other] invalid signature
    }
short-tampered = TAMPERED: proves nothing
short-unchecked = signature to be checked
short-sent-waiting = waiting for acceptance
short-sent-refused = not accepted
short-sent-failed = { $count ->
    [one] not delivered to { $count } recipient
   *[other] not delivered to { $count } recipients
}
short-sent-delivered = delivered to { $delivered } of { $certified }
proof-not-proven-valid = The provider signature is valid.
proof-not-proven-tampered = The provider signature does not match the content: the message was changed after signing and proves nothing.
proof-not-proven-untrusted = The signature is not a recognised PEC provider's: this message proves nothing.
proof-not-proven-expired = The provider certificate was not valid when it signed: this message proves nothing.
proof-not-proven-unsigned = The provider signature is missing: this message proves nothing.
proof-not-proven-malformed = The provider signature cannot be read: this message proves nothing.
proof-unchecked = The provider signature has not been checked yet.
proof-receipts = A message you sent: it carries no provider signature; its receipts below prove it.
proof-not-certified = Not PEC: it carries no provider signature and nothing in it is certified.
## Proof over time: timestamps, the sealed register, audit, deletions (issue 21)
ts-error-not-configured = No time-stamping authority is configured: set its address with "sigillo tsa set --url …" or in the settings.
ts-error-no-anchors = No trust point for time-stamping authorities: add one with "sigillo tsa trust FILE" or in the settings (without it the authority's certificate cannot be checked).
ts-error-bad-url = The authority's address { $url } is not an http:// or https:// address.
ts-settings-error-io = { $path } cannot be used: { $reason }.
ts-settings-error-invalid = The file { $path } is not valid ({ $detail }): correct or remove it and save the settings again.
ts-settings-error-not-certificate = { $path } holds no certificate: give the file of the authority's certificate (PEM or DER).
ts-error-unreachable = The time-stamping authority { $url } cannot be reached: { $reason }
ts-error-http = The time-stamping authority { $url } answered with HTTP error { $status }.
ts-error-not-a-reply = The authority's answer is not a timestamp: { $reason }
ts-error-refused = The time-stamping authority refused the request: { $reason }
ts-error-malformed = The timestamp is not well formed: { $reason }
ts-error-bad-signature = The timestamp's signature does not hold: { $reason }
ts-error-wrong-imprint = The timestamp is for other data: its hash is not this file's.
ts-error-wrong-nonce = The timestamp does not answer this request (the random number sent does not match): it may have been replayed.
ts-error-no-signer-certificate = The timestamp does not carry the certificate that signed it.
ts-error-signer-mismatch = The timestamp's signed attribute names another certificate than the one that signed.
ts-error-untrusted = The time-stamping authority's certificate is not trusted: { $reason }
ts-error-keyring = The authority's password cannot be read from the keyring: { $reason }
export-error-timestamp = The dossier was not written and no file was left behind: { $reason }
check-timestamped = The MANIFEST existed on { $time } ({ $utc }, accuracy { $accuracy } ms): the timestamp of { $authority } says so (trust point: { $anchor }; serial number { $serial }).
check-timestamp-failed = Timestamp not valid: { $reason }
cli-timestamp-openssl = Independent check, in the dossier's folder: { $command } (first compare the trust point's SHA-256 fingerprint with the one the authority publishes).
cli-timestamp-unusable = No timestamp can be had: { $reason }
cli-tsa-url = Time-stamping authority: { $url }
cli-tsa-user = User: { $user } (password in the system keyring)
cli-tsa-options = Timestamp on dossiers from the window: { $dossiers }; daily timestamp of the register: { $daily }
cli-tsa-saved = Timestamp settings saved.
cli-tsa-password-saved = The authority's password was saved in the system keyring.
cli-tsa-trusted = Trust point for timestamps added: { $subject }
cli-tsa-untrusted = Trust point for timestamps removed: { $subject }
cli-tsa-no-such-anchor = No trust point for timestamps has a fingerprint starting with { $fingerprint }.
cli-tsa-no-profile = The profile folder cannot be determined: give it with --profile.
cli-tsa-yes = yes
cli-tsa-no = no
audit-entry-altered = Register entry { $seq } was changed: its content no longer gives its hash.
audit-entry-moved = Register entry { $seq } was moved: it was written as entry { $written }.
audit-entries-missing = { $count ->
    [one] Register entry { $from } is missing: it was removed.
   *[other] Register entries { $from } to { $to } are missing: they were removed.
}
audit-broken-link = The register's chain is broken at entry { $seq }: it does not carry the hash of the entry before.
audit-bytes-changed = Message { $id } was changed: its bytes hash to SHA-256 { $actual }, recorded { $recorded }.
audit-not-in-register = Message { $id } is in the store but was never recorded (SHA-256 { $sha256 }): added or replaced outside Sigillo.
audit-missing = A message is missing: the register stored it at entry { $seq } and never deleted it (SHA-256 { $sha256 }).
audit-outcome-changed = The signature outcome of message { $id } was changed outside the register: recorded "{ $recorded }", now in the store "{ $stored }".
audit-newly-invalid = The signature of message { $id } is no longer valid: recorded valid, checked again now "{ $now }". { $reason }
audit-not-checked = The signature of message { $id } could not be checked again: the check stopped on an internal error. Run the audit again; if it happens again, report it.
audit-signature-changed = The signature outcome of message { $id } differs when checked again now: recorded "{ $recorded }", now "{ $now }". { $reason }
audit-trust-changed = The trust list was changed outside Sigillo: it is not the state last recorded.
audit-stamp-invalid = The register's timestamp (entry { $seq }) is not valid: { $reason }
cli-audit-progress = Audit: { $done } of { $total ->
    [one] { $total } message
   *[other] { $total } messages
}
cli-audit-head = Register: { $entries } entries; last entry { $seq }, hash { $hash }
cli-audit-stamp-ok = Timestamp valid: the register up to entry { $seq } existed on { $time }.
cli-audit-passed = Audit passed: { $messages ->
    [one] { $messages } message intact and recorded
   *[other] { $messages } messages intact and recorded
}, { $signatures ->
    [one] { $signatures } signature checked again
   *[other] { $signatures } signatures checked again
} at their signing time, chain of { $entries ->
    [one] { $entries } entry
   *[other] { $entries } entries
} intact.
cli-audit-failed = { $count ->
    [one] Audit NOT passed: one problem found.
   *[other] Audit NOT passed: { $count } problems found.
}
cli-audit-stamped = The register was timestamped: entry { $what }.
cli-audit-stamp-failed = The register's daily timestamp could not be had: { $reason }
cli-export-not-recorded = The export was not recorded in the register: the profile cannot be written.
cli-export-record-failed = The export was not recorded in the register: { $reason }
cli-trust-not-recorded = The trust-list change was not recorded in the register: { $reason }
proof-acceptance = it is the acceptance receipt of the sent PEC "{ $subject }"
proof-non-acceptance = it is the non-acceptance notice of the sent PEC "{ $subject }": it proves that the sender's provider refused it
proof-delivery = it is the proof for { $recipient } of the sent PEC "{ $subject }": { $kind }
proof-sent = { $count ->
    [one] it is the sent PEC "{ $subject }": its receipt would be left proving the delivery of a message no longer kept
   *[other] it is the sent PEC "{ $subject }": its { $count } receipts would be left proving the delivery of a message no longer kept
}
proof-received = it is the transport envelope received from { $from } ("{ $subject }"): it proves what arrived and when
cli-delete-proof = Message { $id } is proof:
cli-delete-proof-unproven = (its provider signature is not valid: today it proves nothing, but it might with another trust list)
cli-delete-needs-yes = Message { $id } was not deleted: it is proof; confirm with --yes.
cli-delete-confirm = Delete it anyway? [y/N]
cli-delete-kept = Message { $id } kept.
cli-delete-done = Message { $id } deleted (recorded in the register).
filing-title = Notification by PEC (L. 53/1994): summary of the receipts
filing-sender = Sender
filing-sent-at = Sent on
filing-identificativo = PEC identifier
filing-accepted = Accepted
filing-none = no valid receipt
filing-recipients = Recipients
filing-warnings = Warnings
filing-files = Files to file (SHA-256)
filing-note = Summary made by Sigillo on { $time }; the receipts are the originals signed by the provider (.eml), checked at that time. This summary does not replace the receipts.
filing-warn-no-acceptance = There is no acceptance receipt whose provider signature is valid.
filing-warn-not-proven = The provider signature on { $file } is not valid ({ $status }): that file proves nothing.
filing-warn-not-completa = The delivery receipt for { $recipient } is { $receipt }, not completa: it does not carry the message delivered.
filing-warn-no-delivery = No delivery receipt for { $recipient } (state: { $state }).
filing-warn-not-delivered = The message was not delivered to { $recipient } (state: { $state }): the notice received is filed.
filing-warn-external = { $recipient } is outside PEC: no delivery receipt will come and a notification to this address is not made.
filing-warn-sent-copy = No valid completa receipt carries the message: the sent copy is filed, which the provider does not vouch for.
filing-warn-no-original = Neither the sent message nor a completa receipt carrying it is stored.
filing-error-not-sent = Message { $id } is neither a sent PEC nor one of its receipts: a filing package is made from a sent PEC.
cli-filing-one = A filing package is made for one message (the sent PEC or one of its receipts).
cli-filing-done = Filing package written to { $path }:
cli-filing-no-warnings = No warnings: every recipient has a completa delivery receipt with a valid signature.
compose-error-notifica-sintetica = A notification needs a completa delivery receipt: sintetica does not carry what was delivered.
compose-error-notifica-cc = A notification's recipients go in "To": copy recipients get a sintetica receipt, which does not carry what was delivered.
gui-compose-notifica = Notification (L. 53/1994): completa receipt, no copy recipients
backup-error = The backup failed: { $reason }
backup-error-not-intact = The backup does not hold, nothing was restored: { $reason }
backup-error-profile-exists = The profile { $path } already exists: restore into a new profile (--profile DIR) or ask to replace it with --replace (the old one is kept aside).
cli-backup-progress-db = Copying the message store: { $done } of { $total }
cli-backup-progress-files = Files: { $done } of { $total }
cli-backup-done = Backup written to { $path }: { $files ->
    [one] { $files } file
   *[other] { $files } files
}, { $messages ->
    [one] { $messages } message
   *[other] { $messages } messages
}.
cli-backup-head = Register copied up to entry { $seq } (hash { $hash }).
cli-backup-no-passwords = Passwords are not in the backup: they stay in the system keyring.
cli-restore-checked = The backup holds: { $messages ->
    [one] { $messages } message
   *[other] { $messages } messages
}, every file matches the MANIFEST, the register is intact.
cli-restore-done = Profile { $path } restored: { $files ->
    [one] { $files } file
   *[other] { $files } files
}, { $messages ->
    [one] { $messages } message
   *[other] { $messages } messages
}. Run "sigillo audit" to check it again.
cli-restore-previous = The profile that was there was moved to { $path } (it was not deleted).
cli-restore-config-kept = { $path } already existed and was left as it was.
cli-restore-passwords = Passwords are not part of the backup: if this computer does not have them in its keyring, enter them again for each mailbox.
gui-archive-title = Proof over time: timestamps, backup, audit
gui-archive-tsa-explained = Time-stamping authority (RFC 3161): address, user and password (the password goes only into the system keyring).
gui-archive-user = User (optional)
gui-archive-password = Password (optional)
gui-archive-dossiers = Timestamp exported dossiers
gui-archive-daily = Timestamp the sealed register's last entry every day
gui-archive-save = Save timestamp settings
gui-archive-anchor-path = The authority's trust point (PEM or DER file)
gui-archive-backup-explained = Backup of the profile (messages, settings, trust lists; never passwords), even while a sync writes. The audit checks every message and signature again against the sealed register.
gui-archive-backup-path = Backup file (.zip)
gui-archive-backup = Back up
gui-archive-audit = Audit the archive
gui-archive-backup-path-missing = Give the file to write the backup to.
gui-archive-working = Working…
gui-delete = Delete
gui-delete-proof = This message is proof: deleting it takes away the following.
gui-delete-anyway = Delete anyway
gui-delete-keep = Keep
gui-delete-pending = Message deleted: it leaves the archive in a few seconds.
gui-delete-undo = Undo
