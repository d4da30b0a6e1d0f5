"""English templates for interview notes and support tickets (slots: tests.evaluation.slots).

Modelled on how research notes and tickets are written: a participant line, observations with
the odd contact detail read out, product and tool names, prices, versions and durations.
"""

from __future__ import annotations

INTERVIEW: dict[str, list[str]] = {
    "opener": [
        "Interview with {PERSON} ({ROLE}) on {WEEKDAY}. {PRON|cap} is {AGE} and has used the "
        "product for {DURATION}.",
        "{PERSON} joined the call from {CITY} about ten minutes late; the Wi-Fi kept dropping.",
        "Participant: {PERSON}, {ROLE}, based in {CITY}. Recruited through the in-app survey in "
        "{MONTH}.",
        "Spoke with {FIRST} today. {PRON|cap} runs a small team of {COUNT} and has been a "
        "customer since {YEAR}.",
        "Session notes - {PERSON}, {DOB}, lives in {CITY} with two kids.",
        "{PERSON} ({EMAIL}) was our third interview of the week and the most critical one.",
        "Call with {PERSON}, {ROLE} at a logistics firm. {PRON|cap} moved to {COUNTRY} in {YEAR} "
        "and works remotely.",
        "Notes from the follow-up with {FIRST} ({PHONE} if we need to reschedule).",
        "Remote interview, {WEEKDAY} morning. {PERSON} is {AGE}, a {ROLE}, and uses {TOOL} for "
        "almost everything.",
        "Met {PERSON} at the user meetup in {CITY}; {PRON} agreed to a longer session on {DATE}.",
        "{FIRST} works as {ROLE} and has used the app for {DURATION} and pays for {PRODUCT} out "
        "of pocket.",
        "Diary study check-in with {PERSON} (participant since {MONTH}).",
        "Participant {PERSON}, born and raised in {CITY}, now based in {CITY2}.",
        "Background: {PERSON} has been doing bookkeeping for {DURATION}; {PRON} is {AGE} and "
        "self-taught.",
    ],
    "body": [
        "{PRON|cap} exports everything to {TOOL} every {WEEKDAY} and cleans the file by hand.",
        "{FIRST} could not find {PRODUCT} and assumed the feature had been removed in {VERSION}.",
        "While sharing the screen {PRON} read out the full card number, {CARD}, before we could "
        "stop {PRON_OBJ}.",
        "{PRON|cap} mentioned that {PRON_POS} colleague {PERSON2} handles invoices and would be a "
        "good second interview.",
        "Asked to be contacted on {PHONE} rather than e-mail because {PRON_POS} inbox is a mess.",
        "{PRON|cap} pays {PRICE} for {PRODUCT} and thinks it should be part of {PRODUCT2}.",
        "Since {MONTH} {PRON} has been using {TOOL} alongside us, mainly for {TEAM}.",
        "{FIRST} said {PRON_POS} manager, {PERSON2}, blocks every new tool for {DURATION} while "
        "IT reviews it.",
        "The refund for order {ORDER} took {DURATION}, which {PRON} called ridiculous.",
        "{PRON|cap} logs in from home ({IP}) and from the office, and gets the security warning "
        "every time.",
        "For the gift card we agreed to send it to {ADDRESS}.",
        "{PRON|cap} showed us a spreadsheet with {PRON_POS} {ID} in the header, which we asked "
        "{PRON_OBJ} to crop out.",
        "{FIRST}'s main frustration is that {PRODUCT} resets after every update; last time it was "
        "{VERSION}.",
        "{PRON|cap} would happily pay {PRICE} more for {PRODUCT} if it worked offline.",
        "Works with {PERSON2} and {PERSON3} on the {TEAM} side; both use {TOOL} daily.",
        "{PRON|cap} grew up in {COUNTRY} and finds the date format in exports confusing.",
        "The last outage hit {PRON_OBJ} on a {WEEKDAY} during payroll; {PRON} lost about "
        "{DURATION} of work.",
        "{PRON|cap} gave {PRON_POS} personal email, {EMAIL}, for the diary study, not the work "
        "one.",
        "Wants invoices to show the IBAN {IBAN} without having to ask support every month.",
        "{PRON|cap} sent us {PRON_POS} portfolio, {URL}, to show how {PRON} uses the embeds.",
        "During signup {PRON} entered {PRON_POS} date of birth ({DOB_DATE}) because the form said "
        "it was required.",
        "{PRON|cap} is {AGE} and says the small font in {PRODUCT} is the main reason {PRON} "
        "avoids the mobile app.",
        "The SSN field on the US tax form is the part {PRON} hates; {PRON} typed {SSN} twice "
        "before it was accepted.",
        "Renewal is due on {DATE} and {PRON} is not sure {TEAM} will approve it.",
        "{PRON|cap} travels to {CITY} every month and uses the app on the train.",
        "Recruited via {PERSON2}, who also sent {PRON_POS} number, {PHONE}, in case the link "
        "failed.",
        "{PRON|cap} has {COUNT} seats on {PRODUCT} and wants {PRODUCT2} for the whole team by "
        "{MONTH}.",
        "The onboarding checklist took {PRON_OBJ} {DURATION}; {PRON} skipped the video.",
        "Mentioned that the courier kept delivering to {STREET} instead of the office.",
        "{PRON|cap} keeps a scan of {PRON_POS} passport in the app (passport no. {PASSPORT}), "
        "which worried us.",
        "Asked whether we store {PRON_POS} {ID}, because the signup form wanted it.",
        "{PRON|cap} said {PRON} was born on {DOB_DATE} and remembers using the first version in "
        "{YEAR}.",
        "Uses {TOOL} and {TOOL2} side by side; the {PRODUCT} integration is half-broken.",
        "Brought up that {PRON_POS} sister, {PERSON2}, had an account suspended in {YEAR} without "
        "explanation.",
        "Prefers calls after 5pm; {PRON_POS} mobile is {PHONE}.",
        "The {TEAM} lead, {FIRST2}, forwards every invoice to {EMAIL_OTHER}.",
        "{PRON|cap} said nothing changed since {VERSION} and the Export button still hides under "
        "the menu.",
        "Asked for {PRODUCT} to support {TOOL} exports before {MONTH}.",
        "Ordered the starter kit ({ORDER}) for {PRICE}; it arrived at {ADDRESS} after {DURATION}.",
        "Moved to {CITY} on {DATE} and had to update the billing address twice.",
        "{PRON|cap} reads receipts out loud during calls; today that included the card {CARD}.",
        "Signed the consent form as {PERSON} but asked us to call {PRON_OBJ} {FIRST}.",
        "No issues with {PRODUCT}; {PRON} only wants Dark Mode on the web too.",
        "{PRON|cap} works night shifts, so {WEEKDAY} afternoons are the only time to talk.",
        "Text me on {PHONE_LOCAL}, {PRON} said, the landline is never answered.",
        "{PRON|cap} pasted {PRON_POS} IBAN, {IBAN}, into the chat to show the validation error.",
        "The admin console showed {PRON_POS} last login from {IP}, which {PRON} did not recognise.",
        "{PRON|cap} shared {URL} with us after the call, a board full of workarounds.",
        "For the US entity {PRON} files the forms under {PRON_POS} SSN {SSN}.",
    ],
    "closer": [
        "Follow-up booked for {WEEKDAY}; send the voucher to {EMAIL}.",
        "Incentive: {PRICE} gift card, to be posted to {ADDRESS}.",
        "Next step: ask {FIRST2} from {TEAM} to join the second session.",
        "Consent signed. Recording saved under the participant code, not {PRON_POS} name.",
        "{FIRST} is happy to be contacted again at {PHONE}.",
        "Overall tone: positive but tired. Re-interview in {MONTH}.",
        "Voucher sent on {DATE}.",
        "Thank-you note to {PERSON} drafted; waiting for {PRON_POS} new address.",
    ],
}

TICKET: dict[str, list[str]] = {
    "subject": [
        "Subject: Card not arriving",
        "Subject: Refund for order {ORDER}",
        "Subject: Can't log in after update to {VERSION}",
        "Subject: Wrong address on my account",
        "Re: Invoice {ORDER} - wrong IBAN",
        "Subject: Export button greyed out",
        "Subject: Please close my account",
        "Fwd: Suspicious login from {IP}",
        "Subject: Update phone number",
        "Subject: Charged twice on {DATE}",
        "Subject: Smart Filters not saving",
        "Subject: Name change after marriage",
        "Subject: Dark Mode resets every week",
        "Subject: Data deletion request (GDPR)",
        "Subject: Problem with {PRODUCT}",
    ],
    "greeting": [
        "Hi,",
        "Hello,",
        "Hi team,",
        "Hello support,",
        "Dear Sir or Madam,",
        "Hi {FIRST2},",
        "Good morning,",
        "To whom it may concern,",
    ],
    "body": [
        "My new card still hasn't arrived. Please send it to {ADDRESS} instead of the old address.",
        "I was charged {PRICE} twice for order {ORDER}. The card used was {CARD}.",
        "Since the update to {VERSION} I can't log in. My account email is {EMAIL}.",
        "Please change the phone number on my account to {PHONE}.",
        "I moved from {CITY} to {CITY2} last month, please update my billing address to {ADDRESS}.",
        "The invoice shows the wrong IBAN. The correct one is {IBAN}.",
        "We got a login alert from {IP} at 3am. That wasn't us, please lock the account.",
        "The Export button is greyed out for everyone on the Team plan since {WEEKDAY}.",
        "I'd like to close my account and have my data deleted. Name: {PERSON}, {DOB}.",
        "Can you confirm my {ID}? The verification form keeps rejecting it.",
        "Our bookkeeper {PERSON2} needs access to invoices. The email is {EMAIL2}.",
        "Smart Filters don't save when I switch between {PRODUCT} and {PRODUCT2}. I'm on "
        "{VERSION}.",
        "I got married and my name is now {PERSON}. Please update the account and the card.",
        "The courier left the parcel at {STREET}, which is not my address. Order {ORDER}.",
        "Please call me back on {PHONE}, I have tried the chat three times.",
        "My SSN was shown in plain text on the tax form ({SSN}). Please fix this urgently.",
        "Dark Mode resets every week. It's been like this for {DURATION}.",
        "My passport number is {PASSPORT} and it expires on {DATE}; the upload keeps failing.",
        "I need a receipt addressed to {PERSON}, {ADDRESS}, for my expense claim.",
        "Please refund {PRICE} to the account {IBAN}, not to the card.",
        "We pay for {COUNT} seats on the Team plan but the Billing page shows more.",
        "The mobile app crashes on {VERSION} when I open {PRODUCT}. Screenshots attached.",
        "My colleague {PERSON2} ({PHONE}) can confirm the order, I'm away until {WEEKDAY}.",
        "Our office is at {ADDRESS}; the technician went to the wrong building.",
        "Someone from {IP} tried to reset my password {COUNT} times today.",
        "I renewed my driving licence, the number is now {LICENCE}. Please update the insurance "
        "add-on.",
        "I don't recognise the charge of {PRICE} on {DATE}. The card number is {CARD} if you need "
        "it.",
        "Our {TEAM} team can't see the Insights tab. The admin account is {EMAIL_OTHER}.",
        "I was born on {DOB_DATE} but the profile shows a different date and the age check fails.",
        "Please send the contract to {POBOX}, we don't receive post at the office.",
        "This link fails to load for me: {URL}",
        "The import wizard stops at 80% with files from {TOOL}. Same thing since {MONTH}.",
        "My membership is under {MEMBER}, but the app says I'm not a member.",
        "Please update the account number to {ACCOUNT} for the direct debit.",
        "You can reach me on {PHONE} or {EMAIL}, whichever is easier.",
        "I'm {AGE} and the font is too small in {PRODUCT}, please add a bigger text option.",
        "The delivery address should be:\n{ADDRESS_BLOCK}",
        "Invoice {ORDER} was sent to {EMAIL2} but that person left in {YEAR}.",
        "I'm in {COUNTRY} until {MONTH} so please don't ship anything.",
        "The verification code goes to {PHONE}, which is my old number.",
        "My tax details for the invoice: {ID}.",
        "The webhook calls our server at {IPV4} but gets a 403 since {VERSION}.",
        "Please remove the card {CARD} from my account and use {IBAN} for direct debit.",
        "Our allow-list has {IPV6} and {IPV4}; only the second one works.",
        "The W-9 you sent back has my SSN, {SSN}, in the subject line. Please delete it.",
        "Here is a recording of the bug: {URL}",
    ],
    "signoff": [
        "Thanks,\n{PERSON}",
        "Best regards,\n{PERSON}\n{PHONE}",
        "Cheers, {FIRST}",
        "Kind regards,\n{PERSON}\n{ROLE}",
        "Thanks in advance,\n{FIRST}",
        "Regards,\n{PERSON}\n{EMAIL}",
        "Sent from my iPhone",
        "Many thanks\n{FIRST}",
        "Best,\n{PERSON} | {ROLE} | {PHONE}",
        "Thank you!",
        "--\n{PERSON}\n{ADDRESS}",
        "Thanks, {FIRST} ({MEMBER})",
    ],
}
