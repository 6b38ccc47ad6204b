# Python fixture of algorithmic-quadratic-string-build.


def render(rows):
    out = ""
    for row in rows:
        out += ",".join(row) + "\n"
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'out += ",".join(row) + "\n"' copies the whole string 'out' on every iteration of the for loop at line 6: quadratic in the string's length; collect the parts [algorithmic-quadratic-string-build]
    return out


def concat(words):
    text = str()
    i = 0
    while i < len(words):
        text = text + words[i]
        # CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'text = text + words[i]' copies the whole string 'text' on every iteration of the while loop at line 15: quadratic in the string's length; collect the parts [algorithmic-quadratic-string-build]
        i += 1
    return text


# --- Not flagged ------------------------------------------------------------


def per_line(rows):
    # The string is rebuilt from scratch every iteration.
    for row in rows:
        line = ""
        line += row
        print(line)


def numbers(xs):
    # A number, not a string.
    total = 0
    for x in xs:
        total += x
    return total


def lists(xs):
    # A list grows in place.
    acc = []
    for x in xs:
        acc += [x]
    return acc


def unknown(xs, s):
    # What `s` holds is not known.
    for x in xs:
        s += x
    return s


def recall_line(name, recalls):
    # A loop over four fixed ranks.
    s = "%-40s" % name
    for rank in 1, 10, 100, 1000:
        s += "@%d: %.4f " % (rank, recalls[rank])
    return s
