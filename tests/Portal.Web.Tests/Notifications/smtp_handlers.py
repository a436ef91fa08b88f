# aiosmtpd handler for the notification tests: a Maildir that permanently refuses recipients whose local part
# starts with "bounce", as a real mail server does for an unknown mailbox.
from aiosmtpd.handlers import Mailbox


class RefusingMailbox(Mailbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith("bounce"):
            return "550 5.1.1 <%s>: Recipient address rejected: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"
