// Fixture for batching-per-item-inference (docs/rules/batching-per-item-inference.md).
#include <algorithm>
#include <torch/torch.h>
#include <vector>

struct EncoderImpl : torch::nn::Module {
  torch::Tensor forward(const torch::Tensor &x);
};
using Encoder = torch::nn::ModuleHolder<EncoderImpl>;

std::vector<torch::Tensor> embedEach(Encoder &encoder,
                                     const std::vector<torch::Tensor> &items) {
  std::vector<torch::Tensor> out;
  for (const torch::Tensor &item : items)
    out.push_back(encoder->forward(item.unsqueeze(0)));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: runs once per item of the range-for loop at line 14 [batching-per-item-inference]
  return out;
}

torch::Tensor scoreRows(torch::nn::Linear &head, const torch::Tensor &x) {
  std::vector<torch::Tensor> scores;
  for (int64_t i = 0; i < x.size(0); ++i) {
    torch::Tensor row = x[i];
    scores.push_back(head(row));
    // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: model call 'head(row)' runs once per item [batching-per-item-inference]
  }
  return torch::stack(scores);
}

float scoreScripted(torch::jit::script::Module &module, const torch::Tensor &x) {
  float total = 0;
  int64_t i = 0;
  while (i < x.size(0)) {
    total += module.forward({x.select(0, i)}).toTensor().item<float>();
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: runs once per item of the while loop [batching-per-item-inference]
    ++i;
  }
  return total;
}

void classifyDo(EncoderImpl &net, const std::vector<torch::Tensor> &xs,
                std::vector<torch::Tensor> &out) {
  size_t i = 0;
  do {
    out.push_back(net.forward(xs[i]));
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: runs once per item of the do-while loop [batching-per-item-inference]
    i++;
  } while (i < xs.size());
}

void classifyLambdas(Encoder &encoder, const std::vector<torch::Tensor> &xs,
                     std::vector<torch::Tensor> &out) {
  std::for_each(xs.begin(), xs.end(), [&](const torch::Tensor &x) {
    out.push_back(encoder(x));
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: runs once per item of the algorithm lambda loop [batching-per-item-inference]
  });
  std::transform(xs.begin(), xs.end(), out.begin(),
                 [&](const torch::Tensor &x) { return encoder->forward(x); });
  // CHECK-MESSAGES: :[[@LINE-1]]:55: warning: runs once per item of the algorithm lambda loop [batching-per-item-inference]
}

// Not flagged: autoregressive decoding; each step's input is built from the
// tokens the previous step produced, so the steps cannot be batched.
std::vector<int64_t> greedyDecode(torch::jit::Module &lm, int64_t bos) {
  std::vector<int64_t> tokens = {bos};
  for (int step = 0; step < 32; ++step) {
    torch::Tensor input = torch::tensor(tokens).unsqueeze(0);
    torch::Tensor logits = lm.forward({input}).toTensor();
    int64_t next = logits.argmax(-1).item<int64_t>();
    tokens.push_back(next);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'tokens' grows by one element per iteration of the for loop at line 66, whose trip count is known; reserve it before the loop [micro-vector-reserve]
  }
  return tokens;
}

// Not flagged: an RNN step needs the previous hidden state.
torch::Tensor runRnn(torch::nn::GRUCell &cell, const torch::Tensor &seq) {
  torch::Tensor h;
  for (int64_t t = 0; t < seq.size(0); ++t)
    h = cell->forward(seq[t], h);
  return h;
}

// Not flagged: the loop walks a data loader, so each input is already a batch.
template <typename Loader> void trainLike(Encoder &encoder, Loader &loader) {}
void evaluate(Encoder &encoder,
              torch::data::StatelessDataLoader<int> &loader,
              std::vector<torch::Tensor> &out) {
  for (auto &batch : loader)
    out.push_back(encoder->forward(batch[0].data));
}

// Not flagged: the loop steps through the input in slices of `bs` rows.
torch::Tensor inBatches(Encoder &encoder, const torch::Tensor &x, int64_t bs) {
  std::vector<torch::Tensor> parts;
  for (int64_t b = 0; b < x.size(0); b += bs)
    parts.push_back(encoder->forward(x.slice(0, b, b + bs)));
  return torch::cat(parts);
}

// Not flagged: the model runs once, outside any loop.
torch::Tensor once(Encoder &encoder, const torch::Tensor &batch) {
  return encoder->forward(batch);
}

// Not flagged: in a function template, the loop walks a data loader once
// the TU instantiates it (its element is a batch); the pattern alone cannot
// know what `Loader` iterates.
template <typename Loader>
void evaluateAll(Encoder &encoder, Loader &loader,
                 std::vector<torch::Tensor> &out) {
  for (auto &batch : loader)
    out.push_back(encoder->forward(batch[0].data));
}
void evaluateLoader(Encoder &encoder,
                    torch::data::StatelessDataLoader<int> &loader,
                    std::vector<torch::Tensor> &out) {
  evaluateAll(encoder, loader, out);
}

// Not flagged: a parameter sweep builds another model in every iteration
// (PyTorch's module tests): there is no one model to call on a batch.
void sweep(const torch::Tensor &x, std::vector<torch::Tensor> &out) {
  for (int64_t width = 1; width < 8; ++width) {
    torch::nn::Linear model(4, width);
    out.push_back(model->forward(x.select(0, width)));
  }
}

// Not flagged: the counter is only the fill value of a new whole tensor
// (torch::full({4}, v)); each call already gets a batch of four.
void fillEach(Encoder &encoder, std::vector<torch::Tensor> &out) {
  for (int64_t v = 0; v < 4; ++v)
    out.push_back(encoder->forward(torch::full({4}, v)));
}

// Not flagged: the loop walks dtypes, not data: the element only picks the
// dtype of a whole tensor (`x.to(type)`), and tensors of different dtypes
// cannot be stacked into one batch.
void perDtype(Encoder &encoder, const torch::Tensor &x,
              std::vector<torch::Tensor> &out) {
  for (c10::ScalarType type : {c10::kFloat, c10::ScalarType::Long})
    out.push_back(encoder->forward(x.to(type)));
}

// Interprocedural: a helper the loop calls once per item runs the model on
// its argument.
struct Service {
  Encoder encoder;
  torch::Tensor embed(const torch::Tensor &doc) {
    return encoder->forward(doc.unsqueeze(0));
  }
};
void embedDocs(Service &svc, const torch::Tensor &docs,
               std::vector<torch::Tensor> &out) {
  for (int64_t i = 0; i < docs.size(0); ++i)
    out.push_back(svc.embed(docs[i]));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'svc.embed(docs[i])' runs a model once per item of the for loop at line 156: 'Service::embed' passes its argument to 'encoder->forward(doc.unsqueeze(0))' (line 151); batch the items [batching-per-item-inference]
}

// Not flagged: the helper is called on a slice per iteration, a batch.
void embedSlices(Service &svc, const torch::Tensor &docs, int64_t bs,
                 std::vector<torch::Tensor> &out) {
  for (int64_t b = 0; b < docs.size(0); b += bs)
    out.push_back(svc.embed(docs.slice(0, b, b + bs)));
}

// Not flagged: an RNN step wrapped in a helper; each call needs the state
// the previous one returned.
struct Decoder {
  torch::nn::GRUCell cell{4, 4};
  torch::Tensor step(const torch::Tensor &x, const torch::Tensor &h) {
    return cell(x, h);
  }
};
torch::Tensor decode(Decoder &dec, const torch::Tensor &xs) {
  torch::Tensor h = torch::zeros({4});
  for (int64_t t = 0; t < xs.size(0); ++t)
    h = dec.step(xs[t], h);
  return h;
}

// A model with BatchNorm: in training mode (libtorch's default) its output
// for one item depends on the rest of the batch, so batching changes the
// results. Not flagged without evidence of eval mode; flagged with it.
struct NormedImpl : torch::nn::Module {
  torch::nn::Linear fc{4, 4};
  torch::nn::BatchNorm1d bn{4};
  torch::Tensor forward(const torch::Tensor &x);
};
using Normed = torch::nn::ModuleHolder<NormedImpl>;
void trainingMode(Normed &net, const torch::Tensor &x,
                  std::vector<torch::Tensor> &out) {
  for (int64_t i = 0; i < x.size(0); ++i)
    out.push_back(net->forward(x[i].unsqueeze(0)));
}
void explicitTrain(Normed &net, const torch::Tensor &x,
                   std::vector<torch::Tensor> &out) {
  net->train();
  for (int64_t i = 0; i < x.size(0); ++i)
    out.push_back(net->forward(x[i].unsqueeze(0)));
}
struct Frozen {
  Normed net;
  Frozen() { net->eval(); }
  void run(const torch::Tensor &x, std::vector<torch::Tensor> &out) {
    for (int64_t i = 0; i < x.size(0); ++i)
      out.push_back(net->forward(x[i].unsqueeze(0)));
    // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: model call 'net->forward(x[i].unsqueeze(0))' runs once per item of the for loop at line 207 [batching-per-item-inference]
  }
};
// Not flagged: BatchNorm built by the constructor into a Sequential.
struct StackImpl : torch::nn::Module {
  torch::nn::Sequential layers;
  StackImpl()
      : layers(torch::nn::Linear(4, 4), torch::nn::BatchNorm1d(4)) {}
  torch::Tensor forward(const torch::Tensor &x);
};
using Stack = torch::nn::ModuleHolder<StackImpl>;
void sequentialNorm(Stack &net, const torch::Tensor &x,
                    std::vector<torch::Tensor> &out) {
  for (int64_t i = 0; i < x.size(0); ++i)
    out.push_back(net->forward(x[i].unsqueeze(0)));
}

// Not flagged: ragged items. The loop reads each sequence's own length, so
// the sequences differ in shape and cannot be stacked without padding.
void ragged(Encoder &encoder, const std::vector<torch::Tensor> &seqs,
            std::vector<torch::Tensor> &out) {
  for (const torch::Tensor &seq : seqs) {
    if (seq.size(0) > 512)
      continue;
    out.push_back(encoder->forward(seq.unsqueeze(0)));
  }
}
// Not flagged: a tensor per token list, whose lengths vary.
void tokenLists(Encoder &encoder,
                const std::vector<std::vector<int64_t>> &sentences,
                std::vector<torch::Tensor> &out) {
  for (const std::vector<int64_t> &tokens : sentences)
    out.push_back(encoder->forward(torch::tensor(tokens).unsqueeze(0)));
}
// Flagged: rows of one tensor share its shape, whatever the loop reads.
void rowsWithSize(Encoder &encoder, const torch::Tensor &x,
                  std::vector<torch::Tensor> &out) {
  for (int64_t i = 0; i < x.size(0); ++i) {
    if (x[i].size(0) > 512)
      continue;
    out.push_back(encoder->forward(x[i].unsqueeze(0)));
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: model call 'encoder->forward(x[i].unsqueeze(0))' runs once per item [batching-per-item-inference]
  }
}
