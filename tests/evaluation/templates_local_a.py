"""German, French and Spanish templates, used for rows of de_DE, fr_FR and es_ES."""

from __future__ import annotations

Pools = dict[str, dict[str, list[str]]]

DE: Pools = {
    "interview": {
        "opener": [
            "Interview mit {PERSON} am {WEEKDAY}. Nutzt das Produkt seit {YEAR}, ist {AGE} Jahre "
            "alt.",
            "{PERSON} hat sich aus {CITY} zugeschaltet, die Verbindung war schlecht.",
            "Gespräch mit {FIRST}, {DOB}, wohnt in {CITY}.",
            "Teilnehmerin: {PERSON}, rekrutiert über die Umfrage im {MONTH}.",
        ],
        "body": [
            "Exportiert jeden {WEEKDAY} nach {TOOL} und bereinigt die Datei von Hand.",
            "Findet den Export-Button nicht und dachte, die Funktion sei mit {VERSION} entfernt "
            "worden.",
            "Bittet um Rückruf unter {PHONE}, E-Mails liest sie kaum.",
            "Die Kollegin {PERSON2} kümmert sich um die Rechnungen.",
            "Die Erstattung für Bestellung {ORDER} hat {DURATION} gedauert.",
            "Der Gutschein soll an {ADDRESS} gehen.",
            "Hat beim Onboarding die {ID} angegeben, weil das Formular es verlangte.",
            "Zahlt {PRICE} im Monat für {PRODUCT} und findet das zu teuer.",
            "Ist am {DATE} nach {CITY} umgezogen und arbeitet seitdem remote.",
            "Meldet sich von zu Hause ({IP}) an und bekommt jedes Mal die Sicherheitswarnung.",
        ],
        "closer": [
            "Nächster Termin am {WEEKDAY}; Gutschein an {EMAIL}.",
            "Einverständniserklärung unterschrieben, Aufnahme unter dem Teilnehmercode "
            "gespeichert.",
        ],
    },
    "ticket": {
        "subject": [
            "Betreff: Karte nicht angekommen",
            "Betreff: Rückerstattung Bestellung {ORDER}",
            "Betreff: Falsche IBAN auf der Rechnung",
        ],
        "greeting": ["Hallo,", "Sehr geehrte Damen und Herren,", "Guten Tag,"],
        "body": [
            "Meine neue Karte ist noch nicht da. Bitte schicken Sie sie an {ADDRESS}.",
            "Bitte ändern Sie meine Telefonnummer auf {PHONE}.",
            "Die richtige IBAN lautet {IBAN}.",
            "Mir wurden am {DATE} zweimal {PRICE} abgebucht, Karte {CARD}.",
            "Zur Prüfung: {ID}.",
            "Seit dem Update auf {VERSION} kann ich mich nicht mehr anmelden. Mein Konto läuft "
            "über {EMAIL}.",
            "Ich bin umgezogen, die neue Adresse lautet:\n{ADDRESS_BLOCK}",
        ],
        "signoff": [
            "Viele Grüße\n{PERSON}",
            "Mit freundlichen Grüßen\n{PERSON}\n{PHONE}",
            "Danke und Gruß, {FIRST}",
        ],
    },
    "survey": {
        "answer": [
            "Schnellere Exporte und den alten Export-Button zurück.",
            "Meine Kollegin {PERSON2} würde sofort wechseln, wenn es Single Sign-On gäbe.",
            "Erreichbar unter {PHONE} oder {EMAIL}.",
            "Seit {MONTH} werde ich jeden Tag abgemeldet.",
            "Ich bin {AGE} und finde die Symbole verwirrend.",
            "Bitte fragen Sie nicht nach meiner Ausweisnummer ({AUSWEIS}).",
        ]
    },
    "service": {
        "line": [
            "{DOB|cap}.",
            "Meine Kartennummer ist {CARD}.",
            "Bitte die Erstattung auf {IBAN} überweisen.",
            "Bitte schicken Sie die neue Karte an {ADDRESS}.",
            "Rufen Sie mich unter {PHONE} an.",
            "Mein Name ist {PERSON}.",
            "Meine Handynummer ist {PHONE}.",
            "Schreiben Sie mir eine SMS an {PHONE}.",
            "Meine IBAN lautet {IBAN}.",
            "Mein Geburtsdatum: {DOB_DATE}.",
            "Meine Steuer-ID ist {STEUERID}.",
            "Kundennummer {MEMBER}, ich möchte verlängern.",
            "Ich wohne jetzt in {CITY}.",
            "Die Postleitzahl ist {POSTCODE}.",
        ]
    },
    "lowercase_chat": {
        "message": [
            "hey, hier ist {PERSON|lower}, kannst du mich unter {PHONE} zurückrufen",
            "sag {FIRST|lower} bitte, dass der export wieder geht",
            "kannst du {FIRST|lower} zum jira board hinzufügen",
            "adresse für das paket: {ADDRESS}",
        ]
    },
    "names": {
        "list": [
            "Teilnehmer: {PERSON}, {PERSON2} und {PERSON3}",
            "Bitte {PERSON2} in den Verteiler aufnehmen.",
            "Anwesend: {FIRST}, {FIRST2}, {FIRST3}. Entschuldigt: {PERSON4}.",
            "Fügt {FIRST2} und {FIRST3} zum {TOOL}-Kanal hinzu.",
        ]
    },
    "address": {
        "block": [
            "Lieferadresse:\n{PERSON}\n{ADDRESS_BLOCK}",
            "Rechnungsadresse: {ADDRESS}",
            "Bitte an {POBOX} senden.",
            "Neue Anschrift ab {DATE}:\n{ADDRESS_BLOCK}",
        ]
    },
    "notes": {
        "note": [
            "Geburtsdatum {DOB_DATE} bestätigt.",
            "Rückfrage zu {ID}.",
            "Karte {CARD} gesperrt.",
            "Auszahlung auf {IBAN}.",
            "Rückruf unter {PHONE} gewünscht.",
            "An {PERSON2} aus der Buchhaltung eskaliert.",
            "Identität geprüft mit {ID}.",
            "Kundin wohnt jetzt in {CITY}.",
        ]
    },
}

FR: Pools = {
    "interview": {
        "opener": [
            "Entretien avec {PERSON} ({AGE} ans) le {WEEKDAY}. Utilise le produit depuis {YEAR}.",
            "{PERSON} s'est connecté depuis {CITY}, la connexion coupait souvent.",
            "Échange avec {FIRST}, {DOB}, habite à {CITY}.",
            "Participante : {PERSON}, recrutée via le questionnaire de {MONTH}.",
        ],
        "body": [
            "Exporte tout vers {TOOL} chaque {WEEKDAY} et nettoie le fichier à la main.",
            "Ne trouve plus le bouton Exporter depuis la mise à jour {VERSION}.",
            "Préfère un appel au {PHONE} plutôt qu'un e-mail.",
            "Sa collègue {PERSON2} s'occupe des factures.",
            "Le remboursement de la commande {ORDER} a pris {DURATION}.",
            "Le bon cadeau doit être envoyé au {ADDRESS}.",
            "A donné son {ID} pendant l'inscription.",
            "Paie {PRICE} par mois pour {PRODUCT}, trop cher pour l'équipe.",
            "A déménagé à {CITY} le {DATE}.",
            "Se connecte depuis la maison ({IP}) et reçoit l'alerte de sécurité à chaque fois.",
        ],
        "closer": [
            "Prochain rendez-vous {WEEKDAY} ; bon d'achat à envoyer à {EMAIL}.",
            "Consentement signé, enregistrement classé sous le code participant.",
        ],
    },
    "ticket": {
        "subject": [
            "Objet : Carte non reçue",
            "Objet : Remboursement commande {ORDER}",
            "Objet : Mauvais IBAN sur la facture",
        ],
        "greeting": ["Bonjour,", "Madame, Monsieur,", "Bonsoir,"],
        "body": [
            "Ma nouvelle carte n'est toujours pas arrivée. Merci de l'envoyer au {ADDRESS}.",
            "Merci de mettre à jour mon numéro : {PHONE}.",
            "Le bon IBAN est {IBAN}.",
            "J'ai été débité deux fois de {PRICE} le {DATE}, carte {CARD}.",
            "Pour la vérification : {ID}.",
            "Depuis la mise à jour {VERSION}, impossible de me connecter. Mon compte : {EMAIL}.",
            "J'ai déménagé, voici ma nouvelle adresse :\n{ADDRESS_BLOCK}",
        ],
        "signoff": ["Cordialement,\n{PERSON}", "Bien à vous,\n{PERSON}\n{PHONE}", "Merci, {FIRST}"],
    },
    "survey": {
        "answer": [
            "Des exports plus rapides, et le retour du bouton Exporter.",
            "Ma collègue {PERSON2} passerait chez vous demain avec le SSO.",
            "Joignable au {PHONE} ou à {EMAIL}.",
            "Depuis {MONTH}, je suis déconnecté tous les jours.",
            "J'ai {AGE} ans et les icônes sont illisibles.",
            "Arrêtez de demander mon numéro de sécurité sociale ({INSEE}).",
        ]
    },
    "service": {
        "line": [
            "{DOB|cap}.",
            "Mon numéro de carte est {CARD}.",
            "Merci de rembourser sur l'IBAN {IBAN}.",
            "Merci d'envoyer la nouvelle carte au {ADDRESS}.",
            "Appelez-moi au {PHONE}.",
            "Je m'appelle {PERSON}.",
            "Mon portable : {PHONE}.",
            "Envoyez-moi un SMS au {PHONE}.",
            "Mon IBAN est {IBAN}.",
            "Date de naissance : {DOB_DATE}.",
            "Mon numéro de passeport est {PASSPORT}.",
            "J'habite maintenant à {CITY}.",
            "Mon code postal est {POSTCODE}.",
            "Je suis joignable au {PHONE_LOCAL} en journée.",
        ]
    },
    "lowercase_chat": {
        "message": [
            "salut c'est {PERSON|lower}, tu peux me rappeler au {PHONE}",
            "dis à {FIRST|lower} que l'export remarche",
            "ajoute {FIRST|lower} au board jira stp",
            "adresse pour le colis : {ADDRESS}",
        ]
    },
    "names": {
        "list": [
            "Participants : {PERSON}, {PERSON2} et {PERSON3}",
            "Ajoutez {PERSON2} à la liste de diffusion.",
            "Présents : {FIRST}, {FIRST2}, {FIRST3}. Excusé : {PERSON4}.",
            "Merci à {FIRST}, {FIRST2} et {FIRST3} pour la session.",
        ]
    },
    "address": {
        "block": [
            "Adresse de livraison :\n{PERSON}\n{ADDRESS_BLOCK}",
            "Adresse de facturation : {ADDRESS}",
            "Merci d'envoyer à {POBOX}.",
            "Nouvelle adresse à partir du {DATE} :\n{ADDRESS_BLOCK}",
        ]
    },
    "notes": {
        "note": [
            "Date de naissance vérifiée : {DOB_DATE}.",
            "Pièce fournie : {ID}.",
            "Carte {CARD} bloquée.",
            "Virement vers {IBAN}.",
            "Rappel demandé au {PHONE}.",
            "Transmis à {PERSON2}.",
            "Identité vérifiée avec {ID}.",
            "La cliente habite désormais à {CITY}.",
        ]
    },
}

ES: Pools = {
    "interview": {
        "opener": [
            "Entrevista con {PERSON} ({AGE} años) el {WEEKDAY}. Usa el producto desde {YEAR}.",
            "{PERSON} se conectó desde {CITY}; la conexión se cortaba.",
            "Conversación con {FIRST}, {DOB}, vive en {CITY}.",
            "Participante: {PERSON}, captada con la encuesta de {MONTH}.",
        ],
        "body": [
            "Exporta todo a {TOOL} cada {WEEKDAY} y limpia el archivo a mano.",
            "No encuentra el botón Exportar desde la actualización {VERSION}.",
            "Prefiere una llamada al {PHONE} antes que un correo.",
            "Su compañera {PERSON2} se encarga de las facturas.",
            "El reembolso del pedido {ORDER} tardó {DURATION}.",
            "El vale regalo hay que enviarlo a {ADDRESS}.",
            "Dio su {ID} al registrarse.",
            "Paga {PRICE} al mes por {PRODUCT}.",
            "Se mudó a {CITY} el {DATE}.",
            "Entra desde casa ({IP}) y le salta el aviso de seguridad cada vez.",
        ],
        "closer": [
            "Próxima sesión el {WEEKDAY}; enviar el vale a {EMAIL}.",
            "Consentimiento firmado; grabación guardada con el código de participante.",
        ],
    },
    "ticket": {
        "subject": [
            "Asunto: La tarjeta no ha llegado",
            "Asunto: Reembolso del pedido {ORDER}",
            "Asunto: IBAN incorrecto en la factura",
        ],
        "greeting": ["Hola,", "Buenos días,", "Estimado equipo:"],
        "body": [
            "Mi nueva tarjeta aún no ha llegado. Por favor, envíenla a {ADDRESS}.",
            "Por favor, cambien mi teléfono a {PHONE}.",
            "El IBAN correcto es {IBAN}.",
            "Me cobraron {PRICE} dos veces el {DATE}, tarjeta {CARD}.",
            "Para la verificación: {ID}.",
            "Desde la actualización {VERSION} no puedo entrar. Mi cuenta es {EMAIL}.",
            "Me he mudado, la nueva dirección es:\n{ADDRESS_BLOCK}",
        ],
        "signoff": ["Saludos,\n{PERSON}", "Un saludo,\n{PERSON}\n{PHONE}", "Gracias, {FIRST}"],
    },
    "survey": {
        "answer": [
            "Exportaciones más rápidas y que vuelva el botón Exportar.",
            "Mi compañero {PERSON2} se cambiaría mañana si tuvierais SSO.",
            "Podéis contactarme en el {PHONE} o en {EMAIL}.",
            "Desde {MONTH} me desconecta todos los días.",
            "Tengo {AGE} años y los iconos no se entienden.",
            "No me pidáis el DNI ({DNI}) para una factura.",
        ]
    },
    "service": {
        "line": [
            "{DOB|cap}.",
            "Mi número de tarjeta es {CARD}.",
            "Devuelvan el dinero al IBAN {IBAN}.",
            "Por favor, envíen la nueva tarjeta a {ADDRESS}.",
            "Llámeme al {PHONE}.",
            "Me llamo {PERSON}.",
            "Mi móvil es el {PHONE}.",
            "Mándeme un mensaje al {PHONE}.",
            "Mi IBAN es {IBAN}.",
            "Fecha de nacimiento: {DOB_DATE}.",
            "Mi NIE es {NIE}.",
            "Ahora vivo en {CITY}.",
            "Mi código postal es {POSTCODE}.",
        ]
    },
    "lowercase_chat": {
        "message": [
            "hola soy {PERSON|lower}, me llamas al {PHONE}?",
            "dile a {FIRST|lower} que ya funciona la exportación",
            "añade a {FIRST|lower} al tablero de jira porfa",
            "dirección para el paquete: {ADDRESS}",
        ]
    },
    "names": {
        "list": [
            "Asistentes: {PERSON}, {PERSON2} y {PERSON3}",
            "Añadid a {PERSON2} al hilo.",
            "Presentes: {FIRST}, {FIRST2}, {FIRST3}. Excusa: {PERSON4}.",
            "Gracias a {FIRST}, {FIRST2} y {FIRST3} por la sesión.",
        ]
    },
    "address": {
        "block": [
            "Dirección de envío:\n{PERSON}\n{ADDRESS_BLOCK}",
            "Dirección de facturación: {ADDRESS}",
            "Enviar a {POBOX}.",
            "Nueva dirección desde el {DATE}:\n{ADDRESS_BLOCK}",
        ]
    },
    "notes": {
        "note": [
            "Fecha de nacimiento comprobada: {DOB_DATE}.",
            "Documento: {ID}.",
            "Tarjeta {CARD} bloqueada.",
            "Transferencia a {IBAN}.",
            "Pide que le llamen al {PHONE}.",
            "Escalado a {PERSON2}.",
            "Identidad verificada con {ID}.",
            "La clienta vive ahora en {CITY}.",
        ]
    },
}
