# Sigillo — testi dell'interfaccia in italiano (lingua predefinita).

## Tipi di messaggio PEC
kind-posta-certificata = Posta certificata
kind-anomalia = Anomalia (non certificato)
kind-accettazione = Ricevuta di accettazione
kind-non-accettazione = Avviso di non accettazione
kind-presa-in-carico = Ricevuta di presa in carico
kind-avvenuta-consegna = Ricevuta di avvenuta consegna
kind-errore-consegna = Avviso di mancata consegna
kind-preavviso-errore-consegna = Avviso di mancato recapito nei tempi
kind-rilevazione-virus = Avviso di rilevazione virus
kind-ordinaria = Posta ordinaria (non PEC)
kind-illeggibile = Illeggibile

receipt-completa = completa
receipt-breve = breve
receipt-sintetica = sintetica

recipient-certificato = certificato
recipient-esterno = esterno (fuori dal circuito PEC: nessuna ricevuta di consegna)

## Avvisi sul messaggio
warn-outer-header-differs = L'intestazione «{ $field }» fuori dalla firma dice «{ $outer }», ma i dati certificati dicono «{ $certified }»: vale il dato certificato.
warn-kind-mismatch = L'intestazione dichiara «{ $header }» ma i dati certificati (daticert.xml) dicono «{ $daticert }»: vale il dato certificato.
warn-missing-daticert = Un messaggio di tipo «{ $kind }» deve contenere i dati di certificazione (daticert.xml), ma questo non li contiene.
warn-missing-subject-prefix = L'oggetto non inizia con «{ $expected }» come prescrivono le regole PEC.
warn-pec-headers-missing = Mancano le intestazioni PEC (X-Trasporto / X-Ricevuta): il tipo «{ $daticert }» è ricavato dai soli dati certificati.
warn-unknown-header-value = L'intestazione { $header } ha un valore non previsto dalle regole PEC: «{ $value }».
warn-conflicting-headers = Il messaggio ha sia X-Trasporto sia X-Ricevuta: non è un messaggio PEC regolare.
warn-unknown-daticert-tipo = I dati certificati hanno un tipo mancante o sconosciuto: «{ $value }».
warn-duplicate-daticert = Il messaggio contiene { $count } file daticert.xml allo stesso livello: è stato usato il primo.
warn-missing-original = Un messaggio di tipo «{ $kind }» dovrebbe contenere il messaggio originale (postacert.eml), ma non lo contiene.
warn-rewrapped = La busta firmata è stata reimpacchettata da terzi (per esempio una mailing list): le intestazioni esterne non sono quelle del gestore.
warn-provider-only = I messaggi di tipo «{ $kind }» sono scambiati tra gestori e di norma non arrivano all'utente.
warn-virus-reported = Il gestore ha segnalato un virus in questo messaggio.
warn-final-timeout = Avviso definitivo (codice 5.4.1): il messaggio non è stato consegnato entro 24 ore e la trasmissione si è conclusa con esito negativo.
warn-consegna-not-a-recipient = L'indirizzo di consegna «{ $consegna }» non è tra i destinatari certificati.
warn-contains-forwarded-pec = Il messaggio non è PEC ma contiene { $count } messaggi PEC inoltrati come allegato.
warn-damaged-structure = La struttura MIME del messaggio è danneggiata: alcune parti potrebbero mancare.
warn-daticert-recovered = I dati di certificazione non sono XML corretto; recuperato il possibile: { $detail }.

## Dettagli dei problemi di daticert.xml
daticert-invalid-utf8 = caratteri non UTF-8 sostituiti
daticert-control-characters = caratteri di controllo rimossi da «{ $field }»
daticert-invalid-char-reference = riferimento a carattere non valido { $reference } ignorato
daticert-unknown-entity = entità «{ $name }» non espansa
daticert-not-well-formed = markup non valido ({ $detail })
daticert-stray-text = testo fuori posto «{ $text }»
daticert-truncated = campo «{ $field }» troncato perché troppo lungo
daticert-too-large = file di { $bytes } byte, letto solo l'inizio
daticert-wrong-root = l'elemento radice è «{ $name }» invece di «postacert»
daticert-bad-date = data e ora non interpretabili
daticert-unknown-attribute-value = valore «{ $value }» non previsto per «{ $attribute }»
daticert-missing-element = manca l'elemento «{ $element }»

## Riga di comando
cli-file = File
cli-kind = Tipo
cli-receipt-type = Tipo di ricevuta
cli-subject = Oggetto
cli-sender = Mittente
cli-recipients = Destinatari
cli-provider = Gestore
cli-date = Data certificata
cli-pec-id = Identificativo PEC
cli-client-msgid = Message-ID del mittente
cli-delivered-to = Consegna a
cli-error = Errore
cli-original = Messaggio originale
cli-attachments = Allegati
cli-warnings = Avvisi
cli-none = nessuno
cli-error-read = impossibile leggere { $path }: { $reason }
cli-size-bytes = { $size } byte

## Firma del gestore
status-valid = Firma valida
status-tampered = Manomesso
status-untrusted = Firmatario non riconosciuto
status-expired = Certificato scaduto alla firma
status-unsigned = Senza firma del gestore
status-malformed = Firma illeggibile
status-valid-explained = La firma del gestore è integra e il gestore è riconosciuto dall'elenco di fiducia alla data della firma.
status-tampered-explained = Il contenuto non corrisponde alla firma: il messaggio è stato modificato dopo la firma e non ha valore di prova.
status-untrusted-explained = La firma è integra, ma chi ha firmato non risulta un gestore PEC riconosciuto dall'elenco di fiducia.
status-expired-explained = Il certificato del gestore non era valido nel momento della firma.
status-unsigned-explained = Il messaggio non porta la firma di un gestore PEC: il suo contenuto non è certificato.
status-malformed-explained = La firma è presente ma non si riesce a leggerla: il contenuto non può essere considerato certificato.
time-source-signing-time = ora di firma (firmata)
time-source-daticert = data dei dati di certificazione (firmata)
time-source-date-header = intestazione Date (non firmata)
time-source-now = ora attuale (il messaggio non indica quando è stato firmato)
verify-signing-time = Verificato alla data { $time } ({ $source })
note-expired-since-signing = Il certificato del gestore è scaduto il { $date }, dopo la firma: la firma resta valida.
note-revocation-not-checked = La revoca del certificato non è stata controllata (nessun elenco di revoca disponibile offline).
note-revoked = Il certificato del gestore risulta revocato dal { $date }.
note-provider-mismatch = Il firmatario ({ $signer }) non corrisponde al gestore indicato nei dati certificati ({ $gestore }).
note-sender-mismatch = L'indirizzo del firmatario ({ $signer }) non corrisponde al mittente del messaggio ({ $from }).

## Elenco di fiducia
trust-enabled = attivo
trust-disabled = disattivato
trust-source-builtin = incluso
trust-source-user = aggiunto
trust-source-extra = solo per questa esecuzione
trust-validity = valido dal { $from } al { $to }
trust-crl-count = Elenchi di revoca: { $count }
trust-added = Aggiunto all'elenco di fiducia: { $subject }
trust-added-crl = Aggiunto l'elenco di revoca di { $issuer }
trust-removed = Tolto dall'elenco di fiducia: { $subject }
trust-not-found = Nessuna autorità di fiducia ha un'impronta che inizia con { $fingerprint } (servono almeno 8 cifre esadecimali).
trust-ambiguous = { $fingerprint } corrisponde a più autorità: indica più cifre dell'impronta.
cli-error-not-certificate = { $path } non contiene un certificato né un elenco di revoca (PEM o DER).
cli-error-no-profile = Impossibile trovare la cartella del profilo: indicala con --profile.
cli-error-store = archivio dei messaggi non utilizzabile: { $reason }
cli-pending = da analizzare
cli-unverified = non verificata
cli-size = Dimensione (byte)
cli-sha256 = SHA-256
cli-signature = Firma del gestore
cli-copies = Provenienza
cli-timeline = Esito per destinatario
cli-timeline-from-receipts = (messaggio inviato non presente in archivio: esito ricostruito dalle ricevute)
cli-acceptance = Accettazione
cli-timeline-receipts = ricevute { $ids }
cli-reindex-progress = Rianalisi: { $done } di { $total } messaggi
cli-reindex-done = Rianalizzati { $messages } messaggi ({ $unreadable } illeggibili); { $timelines } invii PEC con esito per destinatario.
cli-import-progress = Importazione: { $messages } messaggi letti ({ $percent }%)
cli-import-skipped-file = saltato (non sembra posta): { $path }
cli-import-summary = Importazione conclusa.
cli-import-read = Messaggi letti
cli-import-imported = Nuovi in archivio
cli-import-duplicates = Già presenti (doppioni)
cli-import-unreadable = Illeggibili (conservati comunque)
cli-import-resumed = Completati da un'importazione interrotta
cli-import-skipped = File saltati
cli-import-errors = Errori di lettura
cli-import-time = Tempo
cli-pending-note = { $count } messaggi attendono ancora l'analisi (importazione o rianalisi interrotta) e possono mancare da ricerche ed esiti: eseguire «sigillo reindex».

## Esito per destinatario di un invio PEC
state-in-attesa = in attesa di accettazione
state-accettato = accettato dal gestore, in attesa di consegna
state-non-accettato = non accettato dal gestore
state-consegnato = consegnato
state-errore-consegna = errore di consegna
state-preavviso = non ancora consegnato dopo 12 ore (preavviso)
state-virus = non consegnato: virus
state-esterno = destinatario esterno (non PEC): accettato, nessuna ricevuta di consegna arriverà
state-in-ritardo = in ritardo: nessuna ricevuta di consegna nei tempi
