# Python fixture of batching-per-item-inference (docs/rules/batching-per-item-inference.md).
import torch
import torch.nn as nn
from torch.utils.data import DataLoader


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(16, 4)

    def forward(self, x):
        return self.fc(x)


class Deeper(Encoder):
    pass


def embed_each(samples):
    model = Encoder().eval()
    out = []
    for x in samples:
        out.append(model(x.unsqueeze(0)))
        # CHECK-MESSAGES: :[[@LINE-1]]:20: warning: model call 'model(x.unsqueeze(0))' runs once per item of the for loop at line 23 (unsqueeze(0)); batch the items [batching-per-item-inference]
    return out


def embed_indexed(xs):
    # A project class deriving from another project class that is a module.
    net = Deeper()
    return [net.forward(xs[i][None]) for i in range(len(xs))]
    # CHECK-MESSAGES: :[[@LINE-1]]:13: warning: model call 'net.forward(xs[i][None])' runs once per item of the list comprehension at line 32 (indexed with None); batch the items [batching-per-item-inference]


def score_rows(x: torch.Tensor, model: nn.Module):
    scores = []
    for i in range(x.shape[0]):
        scores.append(model(x[i:i+1]))
        # CHECK-MESSAGES: :[[@LINE-1]]:23: warning: model call 'model(x[i:i+1])' runs once per item of the for loop at line 38 (a one-row slice); batch the items [batching-per-item-inference]
    return scores


class Service:
    def __init__(self, path):
        self.model = torch.jit.load(path)

    def predict_all(self, rows):
        results = []
        for row in rows:
            t = torch.tensor([row])
            results.append(self.model(t))
            # CHECK-MESSAGES: :[[@LINE-1]]:28: warning: model call 'self.model(t)' runs once per item of the for loop at line 50 (a one-item list); batch the items [batching-per-item-inference]
        return results


# --- Not flagged ------------------------------------------------------------


def train(dataset, model: nn.Module):
    # A DataLoader yields batches.
    loader = DataLoader(dataset, batch_size=32)
    for images, labels in loader:
        model(images)
    for step, (images, labels) in enumerate(loader):
        model(images)


def chunked(xs, model: nn.Module, bs=64):
    # Chunks of many items: already batched.
    for i in range(0, len(xs), bs):
        model(xs[i:i + bs])


def decode(model: nn.Module, token, steps):
    # Autoregressive decoding: the input is the previous output.
    for _ in range(steps):
        token = model(token.unsqueeze(0))
    return token


def rnn_steps(cell: nn.Module, x, h):
    # An RNN step: the hidden state carries over.
    for t in range(x.shape[0]):
        h = cell(x[t], h)
    return h


def unknown_iterable(batches, model: nn.Module):
    # What `batches` holds is not known: its elements may be batches.
    for b in batches:
        model(b)


def per_iteration_model(configs):
    # The model is built by the iteration that uses it.
    for cfg in configs:
        m = Encoder()
        m(cfg.unsqueeze(0))


def not_a_model(xs, f):
    # `f` is not known to be a model.
    for x in xs:
        f(x.unsqueeze(0))


def on_error_path(xs, model: nn.Module):
    for x in xs:
        try:
            pass
        except ValueError:
            # Only when an item fails: an error path.
            model(x.unsqueeze(0))


def encode_lines(path, encoder: nn.Module):
    vectors = []
    for line in open(path):
        vectors.append(encoder.encode(line))
        # CHECK-MESSAGES: :[[@LINE-1]]:24: warning: model call 'encoder.encode(line)' runs once per item of the for loop at line 119 (one item of the loop); batch the items [batching-per-item-inference]
    return vectors


def encode_words(sentences: List[str], model: nn.Module):
    return [model(s) for s in sentences]
    # CHECK-MESSAGES: :[[@LINE-1]]:13: warning: model call 'model(s)' runs once per item of the list comprehension at line 126 (one item of the loop); batch the items [batching-per-item-inference]


def layer_states(states, norm: nn.Module):
    # Each element of a list of tensors may be a whole batch (a model's
    # per-layer outputs).
    for i, state in enumerate(states):
        states[i] = norm(state)
    return states


def _score_each(net, rows):
    # `net` is untyped: every call site in the file passes a model.
    return [net(r.unsqueeze(0)) for r in rows]
    # CHECK-MESSAGES: :[[@LINE-1]]:13: warning: model call 'net(r.unsqueeze(0))' runs once per item of the list comprehension at line 140 (unsqueeze(0)); batch the items [batching-per-item-inference]


def caller(rows):
    return _score_each(Encoder().eval(), rows)


def _apply(f, rows):
    # One call site passes a model, another a function: unknown.
    return [f(r.unsqueeze(0)) for r in rows]


def callers(rows):
    _apply(Encoder(), rows)
    _apply(len, rows)


def _as_callback(net, rows):
    # Passed as a callback: its call sites are not all in view.
    return [net(r.unsqueeze(0)) for r in rows]


def register(rows):
    _as_callback(Encoder(), rows)
    return map(_as_callback, rows)
