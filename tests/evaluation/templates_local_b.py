"""Italian, Dutch and Polish templates, used for rows of it_IT, nl_NL and pl_PL.

Polish names and places are put where the nominative reads naturally (after a colon, in
lists), since Faker gives them undeclined.
"""

from __future__ import annotations

Pools = dict[str, dict[str, list[str]]]

IT: Pools = {
    "interview": {
        "opener": [
            "Intervista con {PERSON} ({AGE} anni) {WEEKDAY}. Usa il prodotto dal {YEAR}.",
            "{PERSON} si è collegato da {CITY}, la connessione saltava.",
            "Colloquio con {FIRST}, {DOB}, vive a {CITY}.",
            "Partecipante: {PERSON}, reclutata con il sondaggio di {MONTH}.",
        ],
        "body": [
            "Esporta tutto su {TOOL} ogni {WEEKDAY} e pulisce il file a mano.",
            "Non trova più il pulsante Esporta dall'aggiornamento {VERSION}.",
            "Chiede una chiamata al {PHONE} invece di una e-mail.",
            "La collega {PERSON2} si occupa delle fatture.",
            "Il rimborso dell'ordine {ORDER} ha richiesto {DURATION}.",
            "Il buono va spedito a {ADDRESS}.",
            "Ha inserito il suo {ID} durante la registrazione.",
            "Paga {PRICE} al mese per {PRODUCT}.",
            "Si è trasferita a {CITY} il {DATE}.",
            "Accede da casa ({IP}) e riceve ogni volta l'avviso di sicurezza.",
        ],
        "closer": [
            "Prossimo incontro {WEEKDAY}; buono da inviare a {EMAIL}.",
            "Consenso firmato, registrazione salvata con il codice partecipante.",
        ],
    },
    "ticket": {
        "subject": [
            "Oggetto: Carta non arrivata",
            "Oggetto: Rimborso ordine {ORDER}",
            "Oggetto: IBAN errato in fattura",
        ],
        "greeting": ["Buongiorno,", "Salve,", "Gentile assistenza,"],
        "body": [
            "La nuova carta non è ancora arrivata. Per favore inviatela a {ADDRESS}.",
            "Vi prego di aggiornare il mio numero: {PHONE}.",
            "L'IBAN corretto è {IBAN}.",
            "Mi avete addebitato {PRICE} due volte il {DATE}, carta {CARD}.",
            "Per la verifica: {ID}.",
            "Dall'aggiornamento {VERSION} non riesco ad accedere. Il mio account è {EMAIL}.",
            "Ho cambiato casa, il nuovo indirizzo è:\n{ADDRESS_BLOCK}",
        ],
        "signoff": ["Cordiali saluti,\n{PERSON}", "Grazie,\n{PERSON}\n{PHONE}", "Saluti, {FIRST}"],
    },
    "survey": {
        "answer": [
            "Esportazioni più veloci e il vecchio pulsante Esporta.",
            "Il mio collega {PERSON2} passerebbe a voi domani con il SSO.",
            "Contattatemi al {PHONE} o a {EMAIL}.",
            "Da {MONTH} mi disconnette ogni giorno.",
            "Ho {AGE} anni e le icone sono poco chiare.",
            "Non chiedetemi il codice fiscale ({CF}) per una ricevuta.",
        ]
    },
    "service": {
        "line": [
            "{DOB|cap}.",
            "Il numero della mia carta è {CARD}.",
            "Rimborsate sull'IBAN {IBAN}.",
            "Per favore inviate la nuova carta a {ADDRESS}.",
            "Mi chiami al {PHONE}.",
            "Mi chiamo {PERSON}.",
            "Il mio cellulare è {PHONE}.",
            "Mandatemi un SMS al {PHONE}.",
            "Il mio IBAN è {IBAN}.",
            "Data di nascita: {DOB_DATE}.",
            "Il mio codice fiscale è {CF}.",
            "Ora abito a {CITY}.",
            "Il CAP è {POSTCODE}.",
        ]
    },
    "lowercase_chat": {
        "message": [
            "ciao sono {PERSON|lower}, mi richiami al {PHONE}?",
            "di' a {FIRST|lower} che l'export funziona di nuovo",
            "aggiungi {FIRST|lower} alla board di jira",
            "indirizzo per il pacco: {ADDRESS}",
        ]
    },
    "names": {
        "list": [
            "Partecipanti: {PERSON}, {PERSON2} e {PERSON3}",
            "Aggiungete {PERSON2} alla mailing list.",
            "Presenti: {FIRST}, {FIRST2}, {FIRST3}. Assente: {PERSON4}.",
            "Grazie a {FIRST}, {FIRST2} e {FIRST3} per la sessione.",
        ]
    },
    "address": {
        "block": [
            "Indirizzo di spedizione:\n{PERSON}\n{ADDRESS_BLOCK}",
            "Indirizzo di fatturazione: {ADDRESS}",
            "Spedire a {POBOX}.",
            "Nuovo indirizzo dal {DATE}:\n{ADDRESS_BLOCK}",
        ]
    },
    "notes": {
        "note": [
            "Data di nascita verificata: {DOB_DATE}.",
            "Documento: {ID}.",
            "Carta {CARD} bloccata.",
            "Bonifico su {IBAN}.",
            "Richiesta di richiamata al {PHONE}.",
            "Passato a {PERSON2}.",
            "Identità verificata con {ID}.",
            "La cliente ora vive a {CITY}.",
        ]
    },
}

NL: Pools = {
    "interview": {
        "opener": [
            "Interview met {PERSON} ({AGE} jaar) op {WEEKDAY}. Gebruikt het product sinds {YEAR}.",
            "{PERSON} belde in vanuit {CITY}; de verbinding viel steeds weg.",
            "Gesprek met {FIRST}, {DOB}, woont in {CITY}.",
            "Deelnemer: {PERSON}, geworven via de enquête van {MONTH}.",
        ],
        "body": [
            "Exporteert elke {WEEKDAY} naar {TOOL} en schoont het bestand met de hand op.",
            "Kan de Export-knop niet vinden sinds update {VERSION}.",
            "Wil liever gebeld worden op {PHONE}.",
            "Collega {PERSON2} regelt de facturen.",
            "De terugbetaling van bestelling {ORDER} duurde {DURATION}.",
            "De cadeaubon moet naar {ADDRESS}.",
            "Heeft bij het aanmelden het {ID} ingevuld.",
            "Betaalt {PRICE} per maand voor {PRODUCT}.",
            "Is op {DATE} naar {CITY} verhuisd.",
            "Logt thuis in ({IP}) en krijgt elke keer de beveiligingsmelding.",
        ],
        "closer": [
            "Volgende sessie op {WEEKDAY}; bon sturen naar {EMAIL}.",
            "Toestemming getekend, opname bewaard onder de deelnemerscode.",
        ],
    },
    "ticket": {
        "subject": [
            "Onderwerp: Pas niet ontvangen",
            "Onderwerp: Terugbetaling bestelling {ORDER}",
            "Onderwerp: Verkeerde IBAN op factuur",
        ],
        "greeting": ["Hallo,", "Beste klantenservice,", "Goedemiddag,"],
        "body": [
            "Mijn nieuwe pas is nog steeds niet binnen. Stuur hem alstublieft naar {ADDRESS}.",
            "Wilt u mijn telefoonnummer wijzigen in {PHONE}?",
            "Het juiste IBAN is {IBAN}.",
            "Er is op {DATE} twee keer {PRICE} afgeschreven, kaart {CARD}.",
            "Voor de controle: {ID}.",
            "Sinds update {VERSION} kan ik niet meer inloggen. Mijn account is {EMAIL}.",
            "Ik ben verhuisd, mijn nieuwe adres is:\n{ADDRESS_BLOCK}",
        ],
        "signoff": [
            "Met vriendelijke groet,\n{PERSON}",
            "Groeten,\n{PERSON}\n{PHONE}",
            "Bedankt, {FIRST}",
        ],
    },
    "survey": {
        "answer": [
            "Snellere exports en de oude Export-knop terug.",
            "Mijn collega {PERSON2} stapt morgen over als jullie SSO hebben.",
            "Bereikbaar op {PHONE} of via {EMAIL}.",
            "Sinds {MONTH} word ik elke dag uitgelogd.",
            "Ik ben {AGE} en de iconen zijn onduidelijk.",
            "Vraag niet om mijn BSN ({BSN}) voor een bonnetje.",
        ]
    },
    "service": {
        "line": [
            "{DOB|cap}.",
            "Mijn kaartnummer is {CARD}.",
            "Graag terugstorten op {IBAN}.",
            "Stuur de nieuwe pas alstublieft naar {ADDRESS}.",
            "Bel me op {PHONE}.",
            "Mijn naam is {PERSON}.",
            "Mijn mobiele nummer is {PHONE}.",
            "Stuur een sms naar {PHONE}.",
            "Mijn IBAN is {IBAN}.",
            "Geboortedatum: {DOB_DATE}.",
            "Mijn paspoortnummer is {PASSPORT}.",
            "Ik woon nu in {CITY}.",
            "Mijn postcode is {POSTCODE}.",
        ]
    },
    "lowercase_chat": {
        "message": [
            "hoi met {PERSON|lower}, kun je me terugbellen op {PHONE}",
            "zeg tegen {FIRST|lower} dat de export weer werkt",
            "voeg {FIRST|lower} even toe aan het jira bord",
            "adres voor het pakket: {ADDRESS}",
        ]
    },
    "names": {
        "list": [
            "Deelnemers: {PERSON}, {PERSON2} en {PERSON3}",
            "Zet {PERSON2} even in de cc.",
            "Aanwezig: {FIRST}, {FIRST2}, {FIRST3}. Afwezig: {PERSON4}.",
            "Dank aan {FIRST}, {FIRST2} en {FIRST3} voor de sessie.",
        ]
    },
    "address": {
        "block": [
            "Afleveradres:\n{PERSON}\n{ADDRESS_BLOCK}",
            "Factuuradres: {ADDRESS}",
            "Graag versturen naar {POBOX}.",
            "Nieuw adres per {DATE}:\n{ADDRESS_BLOCK}",
        ]
    },
    "notes": {
        "note": [
            "Geboortedatum gecontroleerd: {DOB_DATE}.",
            "Document: {ID}.",
            "Kaart {CARD} geblokkeerd.",
            "Uitbetaling naar {IBAN}.",
            "Terugbelverzoek op {PHONE}.",
            "Doorgezet naar {PERSON2}.",
            "Identiteit gecontroleerd met {ID}.",
            "Klant woont nu in {CITY}.",
        ]
    },
}

PL: Pools = {
    "interview": {
        "opener": [
            "Rozmówca: {PERSON}, wiek: {AGE}, {WEEKDAY}. Korzysta z produktu od {YEAR} roku.",
            "Lokalizacja: {CITY}. {PERSON} miał(a) słabe połączenie.",
            "Rozmowa: {FIRST}, {DOB}, miasto: {CITY}.",
            "Uczestniczka: {PERSON}, z ankiety od {MONTH}.",
        ],
        "body": [
            "{WEEKDAY|cap} eksportuje dane do narzędzia {TOOL} i ręcznie poprawia plik.",
            "Nie może znaleźć przycisku Eksportuj od aktualizacji {VERSION}.",
            "Prosi o telefon pod numer {PHONE}.",
            "Faktury prowadzi współpracownik: {PERSON2}.",
            "Zwrot za zamówienie {ORDER} trwał {DURATION}.",
            "Bon należy wysłać na adres: {ADDRESS}.",
            "Przy rejestracji wpisano: {ID}.",
            "Płaci {PRICE} miesięcznie za {PRODUCT}.",
            "Przeprowadzka do miasta {CITY}: {DATE}.",
            "Loguje się z domu ({IP}) i za każdym razem widzi ostrzeżenie.",
        ],
        "closer": ["Następna sesja {WEEKDAY}; bon wysłać na {EMAIL}.", "Zgoda podpisana."],
    },
    "ticket": {
        "subject": [
            "Temat: Karta nie dotarła",
            "Temat: Zwrot za zamówienie {ORDER}",
            "Temat: Błędny IBAN na fakturze",
        ],
        "greeting": ["Dzień dobry,", "Witam,", "Szanowni Państwo,"],
        "body": [
            "Nowa karta wciąż nie dotarła. Proszę wysłać ją na adres {ADDRESS}.",
            "Proszę zmienić mój numer telefonu na {PHONE}.",
            "Prawidłowy IBAN to {IBAN}.",
            "Dnia {DATE} pobrano ode mnie dwa razy {PRICE}, karta {CARD}.",
            "Do weryfikacji: {ID}.",
            "Od aktualizacji {VERSION} nie mogę się zalogować. Moje konto to {EMAIL}.",
            "Zmiana adresu, nowy adres:\n{ADDRESS_BLOCK}",
        ],
        "signoff": ["Pozdrawiam,\n{PERSON}", "Z poważaniem,\n{PERSON}\n{PHONE}", "Dzięki, {FIRST}"],
    },
    "survey": {
        "answer": [
            "Szybszy eksport i stary przycisk Eksportuj z powrotem.",
            "Mój kolega {PERSON2} przeszedłby do was jutro, gdyby było SSO.",
            "Kontakt: {PHONE} albo {EMAIL}.",
            "Od {MONTH} codziennie mnie wylogowuje.",
            "Wiek: {AGE}. Ikony są niejasne.",
            "Nie pytajcie o PESEL ({PESEL}) przy paragonie.",
        ]
    },
    "service": {
        "line": [
            "{DOB|cap}.",
            "Numer mojej karty to {CARD}.",
            "Proszę o zwrot na IBAN {IBAN}.",
            "Proszę wysłać nową kartę na adres {ADDRESS}.",
            "Proszę dzwonić pod numer {PHONE}.",
            "Nazywam się {PERSON}.",
            "Mój numer komórki to {PHONE}.",
            "Proszę o SMS na {PHONE}.",
            "Mój IBAN to {IBAN}.",
            "Data urodzenia: {DOB_DATE}.",
            "Mój PESEL to {PESEL}.",
            "Nowe miasto: {CITY}.",
            "Kod pocztowy: {POSTCODE}.",
        ]
    },
    "lowercase_chat": {
        "message": [
            "hej tu {PERSON|lower}, oddzwonisz na {PHONE}?",
            "{FIRST|lower}: eksport już działa?",
            "dodaj do jiry: {FIRST|lower}",
            "adres do paczki: {ADDRESS}",
        ]
    },
    "names": {
        "list": [
            "Uczestnicy: {PERSON}, {PERSON2} i {PERSON3}",
            "Dodajcie do wątku: {PERSON2}.",
            "Obecni: {FIRST}, {FIRST2}, {FIRST3}. Nieobecni: {PERSON4}.",
            "Podziękowania: {FIRST}, {FIRST2}, {FIRST3}.",
        ]
    },
    "address": {
        "block": [
            "Adres dostawy:\n{PERSON}\n{ADDRESS_BLOCK}",
            "Adres do faktury: {ADDRESS}",
            "Proszę wysłać na {POBOX}.",
            "Nowy adres od {DATE}:\n{ADDRESS_BLOCK}",
        ]
    },
    "notes": {
        "note": [
            "Data urodzenia sprawdzona: {DOB_DATE}.",
            "Dokument: {ID}.",
            "Karta {CARD} zablokowana.",
            "Przelew na {IBAN}.",
            "Prośba o telefon: {PHONE}.",
            "Przekazano do: {PERSON2}.",
            "Tożsamość sprawdzona: {ID}.",
            "Klientka mieszka teraz w: {CITY}.",
        ]
    },
}
